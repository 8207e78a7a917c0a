// Protocol v1 stays as it was: a client of a one-run monitor (what `train --monitor` serves) gets exactly
// the frames it got before the monitor learned to serve many runs (protocol v2, serveRuns). The frames a
// real seeded training run produces — an early client's every frame and a late client's hello — are
// compared, byte for byte after the clock fields are zeroed, with frames recorded from the monitor before
// that change (test/fixtures/v1-frames.json; `UPDATE_V1_FRAMES=1` rewrites it, which the review should reject).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Subject, switchMap, take } from 'rxjs';
import { syntheticLinear } from '@gradstream/data';
import type { TrainEvent } from '@gradstream/events';
import { trainOn } from '@gradstream/trainer';
import { serveMonitor, type ServerFrame } from '../src/index.js';
import { connect } from './helpers/ws-client.js';

const fixture = new URL('./fixtures/v1-frames.json', import.meta.url);

/** The wall-clock fields (and the run id the monitor derives from the start time) are all that differ between two runs of the same seed. */
const CLOCK = new Set(['startedAt', 'elapsedMs', 'runId']);
function withoutClock(frame: unknown): unknown {
  return JSON.parse(JSON.stringify(frame), (key, value) => (CLOCK.has(key) ? 0 : value));
}

async function recordFrames(): Promise<{ early: unknown[]; late: unknown }> {
  const ds = syntheticLinear({ n: 200, w: [2, -3.4], b: 4.2, noise: 0.01, seed: 11 });
  const go = new Subject<void>();
  const run$ = go.pipe(
    take(1),
    switchMap(() => trainOn(ds, { lr: 0.03, batchSize: 10, epochs: 2, seed: 11, explain: { every: 5 } })),
  );
  const server = await serveMonitor(run$ as import('rxjs').Observable<TrainEvent>, { historySize: 16 });
  try {
    const early = await connect(server.wsUrl);
    await early.waitFor((f) => f.type === 'hello', 'hello');
    go.next();
    await early.waitFor((f) => f.type === 'done', 'done');
    const late = await connect(server.wsUrl);
    const hello = await late.waitFor((f) => f.type === 'hello', 'late hello');
    await Promise.all([early.close(), late.close()]);
    return { early: early.frames.map(withoutClock), late: withoutClock(hello as ServerFrame) };
  } finally {
    await server.close();
  }
}

test('a v1 client of a one-run monitor gets the frames it got before protocol v2 (every frame, and a late hello)', async () => {
  const frames = await recordFrames();
  if (process.env.UPDATE_V1_FRAMES === '1' || !existsSync(fixture)) writeFileSync(fixture, JSON.stringify(frames, null, 1) + '\n');
  const before = JSON.parse(readFileSync(fixture, 'utf8')) as typeof frames;
  assert.is(frames.early.length, before.early.length, 'as many frames as before');
  assert.ok(frames.early.length > 40, `${frames.early.length} frames: the run's every step, epoch and explanation`);
  for (let i = 0; i < before.early.length; i++) assert.equal(frames.early[i], before.early[i], `frame ${i + 1}`);
  assert.equal(frames.late, before.late, 'the late hello');
  assert.is((frames.late as { protocol: number }).protocol, 1);
});

test.run();
