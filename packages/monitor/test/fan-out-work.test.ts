// Issue 12 (weak point): many `maxHz: 1` subscribers slowed training linearly (3.8× with 200), because the
// fan-out offered every step to every subscriber just to drop it. This counts the work instead of timing it:
// the events the fan-out offers each connection (`stats().subscribers[i].offered`). Real sockets.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Subject } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { serveMonitor } from '../src/index.js';
import { linregRun } from './helpers/linreg-run.js';
import { connect, roundTrip } from './helpers/ws-client.js';

const PACED = 200;

test(`${PACED} clients with maxHz 1 cost the fan-out work per delivered frame, not per step`, async () => {
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source, { heartbeatMs: 60_000 });
  try {
    const reader = await connect(server.wsUrl);
    const paced = await Promise.all(Array.from({ length: PACED }, () => connect(server.wsUrl)));
    for (const c of paced) c.ws.send(JSON.stringify({ type: 'subscribe', maxHz: 1 }));
    await Promise.all(paced.map(roundTrip)); // every subscribe frame has been applied
    const events = linregRun({ n: 20_000, epochs: 3 }); // 6000 steps
    const steps = events.filter((e) => e.type === 'step').length;
    for (let i = 0; i < events.length; i++) {
      source.next(events[i]);
      if (i % 200 === 0) await new Promise((resolve) => setImmediate(resolve)); // a trainer yields between slices
    }
    await Promise.all([reader, ...paced].map((c) => c.waitFor((f) => f.type === 'done', 'done')));
    const stats = server.stats().subscribers;
    const pacedStats = stats.filter((s) => s.maxHz === 1);
    assert.is(pacedStats.length, PACED);
    const offered = pacedStats.reduce((n, s) => n + s.offered, 0);
    const sent = pacedStats.reduce((n, s) => n + s.sent, 0);
    console.log(`  ${PACED} clients at maxHz 1, ${events.length} events (${steps} steps): ${offered} offers for ${sent} frames sent (offering every event: ${PACED * events.length})`);
    // Every offer to a paced client is a frame it gets: the steps it skips cost nothing.
    for (const s of pacedStats) assert.ok(s.offered <= s.sent + 1, `offered ${s.offered}, sent ${s.sent}`);
    assert.ok(offered < PACED * events.length / 100, `${offered} offers`);
    // Each got every epoch and the done; the reading client got every event.
    for (const c of paced) assert.is(c.frames.filter((f) => f.type === 'epoch').length, 3);
    assert.is(reader.frames.filter((f) => 'seq' in f && f.type !== 'hello').length, events.length);
  } finally {
    await server.close();
  }
});

test.run();
