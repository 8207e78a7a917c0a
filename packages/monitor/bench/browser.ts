// Part of monitor.bench.ts: whether step batches pay in a browser, where the dashboard decodes them. Headless
// Chromium opens two WebSockets to one monitor, a v1 one and a `?batch=1` one, and keeps the frames of a lesson
// run. Then, in the page, it times handling one run's frames as each client's `onmessage` would: JSON.parse
// (v1), or `decodeSteps` (the dashboard's own code, bundled with esbuild) for the steps frames and binary event frames. The browser's
// own dispatch of each message comes on top, once per message: 308 against 14.
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { Subject } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { trainLinearRegression } from '@gradstream/trainer';
import { serveMonitor } from '../src/index.js';

export interface BrowserCost {
  client: string;
  /** Messages handled per run. */
  messages: number;
  /** Main-thread ms in the socket's onmessage per run (median over the runs). */
  handlerMs: number;
}

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];

type PageWindow = {
  __frames: Record<string, unknown[][]>;
  gradstreamCodec: { decodeSteps(f: unknown): { type: string }[] };
};

/** The page side: both sockets; each keeps the frames (data) of every run, hello aside. Runs in Chromium. */
function pageSide(wsUrl: string): Promise<void> {
  const w = globalThis as unknown as PageWindow;
  w.__frames = {};
  const open = (name: string, url: string) =>
    new Promise<void>((ready) => {
      const runs: unknown[][] = [[]];
      w.__frames[name] = runs;
      const ws = new WebSocket(url);
      ws.binaryType = 'arraybuffer';
      ws.onmessage = (m: MessageEvent) => {
        if (typeof m.data === 'string' && m.data.startsWith('{"type":"hello"')) return ready();
        runs[runs.length - 1].push(m.data);
        if (typeof m.data === 'string' && m.data.startsWith('{"type":"done"')) runs.push([]);
      };
    });
  return Promise.all([open('v1', wsUrl), open('batch', `${wsUrl}?batch=1`)]).then(() => undefined);
}

/**
 * In the page: what handling one run's frames costs each client, as its `onmessage` would (JSON.parse, or
 * `decodeSteps` for a steps frame): ms per run, the median of 15 rounds of 10 runs, the clients taking turns.
 * (Timing every handler instead would sum Chromium's coarse, jittered clock 308 times.)
 */
function timeInPage(): Record<string, { messages: number; ms: number }> {
  const w = globalThis as unknown as PageWindow;
  const handle = (frames: unknown[]) => {
    let events = 0;
    for (const data of frames) {
      const frame = typeof data === 'string' ? (JSON.parse(data) as { type: string }) : null;
      events += frame === null || frame.type === 'steps' ? w.gradstreamCodec.decodeSteps(frame ?? data).length : 1;
    }
    return events;
  };
  const names = Object.keys(w.__frames);
  for (const name of names) for (let k = 0; k < 50; k++) handle(w.__frames[name][0]); // warm-up: the JIT
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < 15; round++) {
    for (const name of names) {
      const frames = w.__frames[name][0];
      const t0 = performance.now();
      for (let k = 0; k < 10; k++) handle(frames);
      times[name].push((performance.now() - t0) / 10);
    }
  }
  return Object.fromEntries(names.map((n) => [n, { messages: w.__frames[n][0].length, ms: times[n].sort((a, b) => a - b)[7] }]));
}

export async function browserCosts(runs: number): Promise<BrowserCost[]> {
  const codec = await build({ entryPoints: [new URL('../src/steps-codec.ts', import.meta.url).pathname], bundle: true, write: false, format: 'iife', globalName: 'gradstreamCodec', platform: 'browser' });
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
  try {
    const page = await browser.newPage();
    await page.goto(new URL('/favicon.svg', server.url).href); // the monitor's origin, and no dashboard script
    // The favicon is an SVG document (no <head> for a script tag): the bundle defines its global by indirect eval.
    await page.evaluate((code) => (0, eval)(`${code}; globalThis.gradstreamCodec = gradstreamCodec;`), codec.outputFiles[0].text);
    // tsx compiles with esbuild's keepNames: functions sent to the page call its `__name` helper.
    await page.evaluate('globalThis.__name = (f) => f');
    await page.evaluate(pageSide, server.wsUrl);
    const runsSeen = () => page.evaluate(() => Object.values((globalThis as unknown as PageWindow).__frames).map((runs) => runs.length - 1));
    for (let r = 0; r < runs; r++) {
      trainLinearRegression().subscribe({ next: (e) => source.next(e) });
      while ((await runsSeen()).some((n) => n < r + 1)) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const costs = await page.evaluate(timeInPage);
    return Object.entries(costs).map(([client, { messages, ms }]) => ({ client, messages, handlerMs: ms }));
  } finally {
    await browser.close();
    await server.close();
  }
}
