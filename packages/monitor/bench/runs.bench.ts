// Benchmark (not a test): serveRuns with many runs at once. RUNS lesson runs (1000 rows, batch 10, 3 epochs:
// ~310 events each, lr cycling over 0.003…0.3) arrive as one burst of tagged events while one client (in this
// process, over loopback) watches every run. It prints the server's time to record the burst, the time until
// the client has every run's `done`, events/s delivered, bytes received, and the process's RSS and heap
// before and after (what the server keeps per run: a bounded history, no resume log).
//
//   npx tsx bench/runs.bench.ts          (RUNS=256 to change the load)
import { lastValueFrom, Subject, toArray } from 'rxjs';
import WebSocket from 'ws';
import { syntheticLinear } from '@gradstream/data';
import type { TaggedEvent, TrainEvent } from '@gradstream/events';
import { trainOn } from '@gradstream/trainer';
import { serveRuns, type RunsServerFrame } from '../src/index.js';

const RUNS = Number(process.env.RUNS ?? 128);
const LRS = [0.003, 0.01, 0.03, 0.1, 0.3];
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

const data = syntheticLinear({ seed: 42 });
const lessons: TrainEvent[][] = [];
for (const lr of LRS) lessons.push(await lastValueFrom(trainOn(data, { lr, seed: 42, explain: false }).pipe(toArray())));
const burst: TaggedEvent[] = [];
for (let r = 0; r < RUNS; r++) for (const event of lessons[r % LRS.length]) burst.push({ runId: `lr=${LRS[r % LRS.length]},run=${r}`, event });

global.gc?.();
const before = process.memoryUsage();
const source = new Subject<TaggedEvent>();
const server = await serveRuns(source, { announceMs: 50, highWaterMark: 1 << 30 });
const ids = [...new Set(burst.map((t) => t.runId))];
// The runs are announced before the burst (their run events), so the client can watch them all first.
for (const id of ids) source.next(burst.find((t) => t.runId === id)!);
const firstEvents = ids.length;
const ws = new WebSocket(server.wsUrl);
let bytes = 0;
let done = 0;
let t0 = 0;
const finished = new Promise<number>((resolve) => {
  ws.on('message', (data) => {
    bytes += (data as Buffer).length;
    const frame = JSON.parse(String(data)) as RunsServerFrame;
    if (frame.type === 'hello') for (let i = 0; i < ids.length; i += 64) ws.send(JSON.stringify({ type: 'watch', runs: ids.slice(i, i + 64) }));
    if (frame.type === 'history' && frame.runId === ids.at(-1)) {
      t0 = performance.now();
      const seen = new Set<string>(ids);
      for (const t of burst) if (!seen.delete(t.runId) || t.event.type !== 'run') source.next(t);
      console.log(`recorded ${burst.length - firstEvents} events of ${RUNS} runs in ${(performance.now() - t0).toFixed(0)} ms (server, synchronous)`);
    }
    if ('seq' in frame && frame.type === 'done' && ++done === RUNS) resolve(performance.now() - t0);
  });
});
const ms = await finished;
global.gc?.();
const after = process.memoryUsage();
console.log(`client had every run's done after ${ms.toFixed(0)} ms: ${((burst.length - firstEvents) / (ms / 1000)).toFixed(0)} events/s, ${mb(bytes)} received`);
console.log(`RSS ${mb(before.rss)} → ${mb(after.rss)}, heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)} (server and client in this process, after the burst)`);
ws.close();
await server.close();
