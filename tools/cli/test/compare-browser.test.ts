// Comparing runs as a person does it: `gradstream sweep` (the real bin) trains the lesson's grid — lr 0.003,
// 0.03, 0.3, 3 × batch 10, 100 — into a directory of runs, `gradstream serve --runs DIR` serves it, and the
// printed dashboard URL is opened in Debian's headless Chromium. The page overlays the 8 runs (8 legend
// entries, 8 loss series), unticking a run removes its curve, selecting one fills the single-run panels with
// that run's own numbers (read back from its events.ndjson), and a run a second sweep adds to the same
// directory appears without a reload. Its screenshot is the one the README shows (docs/compare.png).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Page } from 'playwright-core';
import { parseTrainEvent, type DoneEvent } from '@gradstream/events';
import { launchChromium, openPage, readHook, until } from '../../../packages/monitor/test/helpers/chromium.js';
import { runCli, startCli } from './cli.js';

const browser = await launchChromium();
const docs = new URL('../../../docs/', import.meta.url);
mkdirSync(docs, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), 'gradstream-compare-'));
const children: ChildProcess[] = [];
test.after(async () => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
  await browser.close();
});


/** Starts `gradstream serve --runs DIR`; resolves with the dashboard URL it prints on stderr. */
async function serveRuns(dir: string): Promise<string> {
  const child = startCli(['serve', '--runs', dir]);
  children.push(child);
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      const m = /^dashboard: (\S+)$/m.exec(err);
      if (m) resolve(m[1]);
    });
    child.on('close', () => reject(new Error(`serve --runs exited: ${err}`)));
  });
}

test('sweep then serve --runs: 8 runs overlaid, untick, select, and a run added later appears live', async () => {
  const dir = join(tmp, 'runs');
  const swept = await runCli(['sweep', '--lr', '0.003,0.03,0.3,3', '--batch-size', '10,100', '--runs', dir]);
  assert.is(swept.code, 0, swept.stderr);
  const url = await serveRuns(dir);
  const { page, problems } = await openPage(browser, url);
  try {
    await until(page, 'h?.compare?.legend.length === 8 && h.compare.series.length === 8');
    const ids = ['0.003', '0.03', '0.3', '3'].flatMap((lr) => [10, 100].map((bs) => `lr=${lr},bs=${bs},seed=42`));
    let h = await readHook(page);
    assert.equal([...h.compare!.legend].sort(), [...ids].sort());
    assert.equal([...h.compare!.series].sort(), [...ids].sort());
    for (const id of ids) assert.is(h.compare!.statuses[id], id.startsWith('lr=3,') ? 'diverged' : 'done', id);

    const off = 'lr=0.003,bs=10,seed=42';
    await page.locator(`li[data-run="${off}"] input[type="checkbox"]`).uncheck();
    await until(page, `h.compare.series.length === 7 && !h.compare.series.includes(${JSON.stringify(off)})`);
    await page.locator(`li[data-run="${off}"] input[type="checkbox"]`).check();
    await until(page, 'h.compare.series.length === 8');

    // Selecting a run: the single-run panels show that run, down to its final parameters on disk.
    const chosen = 'lr=0.3,bs=100,seed=42';
    await page.locator(`li[data-run="${chosen}"] .run-name`).click();
    await until(page, `h.compare.selected === ${JSON.stringify(chosen)} && h.state === 'done' && h.lossPoints === 30 && h.graphNodes > 0`);
    const onDisk = readFileSync(join(dir, chosen, 'events.ndjson'), 'utf8').trim().split('\n').map((line) => parseTrainEvent(line));
    const done = onDisk.at(-1) as DoneEvent;
    h = await readHook(page);
    assert.is(done.type, 'done');
    assert.equal([h.latest!.w, h.latest!.b, h.epochs], [done.w, done.b, 3]);

    // A second sweep adds a run to the same directory: it appears without a reload, and finishes.
    const late = 'lr=0.1,bs=10,seed=42';
    const more = await runCli(['sweep', '--lr', '0.1', '--runs', dir]);
    assert.is(more.code, 0, more.stderr);
    await until(page, `h.compare.legend.includes(${JSON.stringify(late)}) && h.compare.series.length === 9 && h.compare.statuses[${JSON.stringify(late)}] === 'done'`);
    await page.waitForTimeout(300); // the next redraw (the page draws at most ~10 times a second)
    await page.screenshot({ path: new URL('compare.png', docs).pathname });
    assert.equal(problems, []);
  } finally {
    await page.close();
  }
});

test.run();
