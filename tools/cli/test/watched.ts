// Test helper: `gradstream train … --monitor` watched in Debian's headless Chromium, as a person meets it —
// one browser per test file, the children it started killed and its temporary directory removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { test } from 'uvu';
import { launchChromium } from '../../../packages/monitor/test/helpers/chromium.js';
import type { DashboardHook } from '../../../packages/monitor/dashboard/src/hook-types.js';
import { startCli } from './cli.js';

/** `globalThis` in the page, for `waitForFunction` predicates. */
export type Window = { __gradstream?: DashboardHook };

/** Reads the page's `window.__gradstream` through `read` (a function source, run in the page). */
export const hook = <T>(page: Page, read: (h: DashboardHook) => T) =>
  page.evaluate((f) => new Function('h', `return (${f})(h)`)((globalThis as unknown as Window).__gradstream), read.toString()) as Promise<T>;

export interface Watched {
  child: ChildProcess;
  /** The dashboard URL the run printed (with its control key). */
  url: string;
  /** Everything the run printed on stdout so far. */
  out: { text: string };
  exited: Promise<number | null>;
}

/** The browser, a temporary directory and `startWatched` for one test file; cleaned up after its tests. */
export async function watchSession(name: string): Promise<{ browser: Browser; tmp: string; startWatched: (args: string[]) => Promise<Watched> }> {
  const browser = await launchChromium();
  const children: ChildProcess[] = [];
  const tmp = mkdtempSync(join(tmpdir(), `gradstream-${name}-`));
  test.after(async () => {
    for (const c of children) c.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
    await browser.close();
  });
  /** Starts `gradstream train ARGS`, resolves with the dashboard URL it prints; `out` keeps collecting stdout. */
  const startWatched = async (args: string[]): Promise<Watched> => {
    const child = startCli(['train', ...args]);
    children.push(child);
    const out = { text: '' };
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out.text += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!/^websocket: /m.test(out.text)) {
      if (Date.now() > deadline) throw new Error(`no URL printed. stdout: ${out.text} stderr: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return { child, url: /^dashboard: (\S+)$/m.exec(out.text)![1], out, exited };
  };
  return { browser, tmp, startWatched };
}
