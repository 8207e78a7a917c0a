// A `?batch=1` client that stops reading (issue 18): its steps frames conflate like single steps, so the
// server holds a bounded amount for it, the producer and a reading batch client are not held up, and once it
// reads again it gets every epoch, the done and the latest step, in seq order. Real server, real sockets.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Socket } from 'node:net';
import { Subject } from 'rxjs';
import type { StepEvent, TrainEvent } from '@gradstream/events';
import { serveMonitor } from '../src/index.js';
import { connectBatch, eventsOf } from './helpers/batch-client.js';
import { wideRun } from './helpers/wide-run.js';

test('a paused ?batch=1 client: steps frames conflate, its buffer stays bounded, a reading one gets everything', async () => {
  const highWaterMark = 64 * 1024;
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source, { highWaterMark, heartbeatMs: 60_000 });
  try {
    const paused = await connectBatch(server.wsUrl);
    const reading = await connectBatch(server.wsUrl);
    await Promise.all([paused, reading].map((c) => c.waitFor((f) => f.type === 'hello', 'hello')));
    const socket = (paused.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    const steps = 8_000;
    let emitted = 0;
    let maxBuffered = 0;
    let maxQueued = 0;
    for (const e of wideRun(steps, 1000)) {
      source.next(e);
      // A broadcast every 25 events, as a trainer's awaits would give (steps frames of up to 25 steps, ~21 KB).
      if (++emitted % 25 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        for (const s of server.stats().subscribers) {
          maxBuffered = Math.max(maxBuffered, s.bufferedAmount);
          maxQueued = Math.max(maxQueued, s.queued);
        }
      }
    }
    await reading.waitFor((f) => f.type === 'done', 'done on the reading client');
    assert.equal(eventsOf(reading.frames).map((f) => f.seq), Array.from({ length: emitted }, (_, i) => i + 1));

    const stats = server.stats().subscribers.find((s) => s.conflated > 0);
    assert.ok(stats !== undefined, 'the paused client had steps frames conflated');
    assert.ok(maxBuffered > highWaterMark / 2, `the paused client did get congested (${maxBuffered} bytes)`);
    // A steps frame of 25 steps is ~21 KB: the buffer overshoots the mark by one frame at most.
    assert.ok(maxBuffered <= highWaterMark + 32 * 1024, `bufferedAmount ${maxBuffered}`);
    assert.ok(maxQueued <= 2 * (steps / 1000) + 2, `queue length ${maxQueued}`);

    socket.resume();
    await paused.waitFor((f) => f.type === 'done', 'done on the paused client');
    const got = eventsOf(paused.frames);
    assert.equal(got.filter((f) => f.type === 'epoch').map((f) => (f as { epoch: number }).epoch), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.ok(got.every((f, i) => i === 0 || f.seq > got[i - 1].seq), 'seq increases');
    console.log(`  paused batch client: at most ${maxBuffered} bytes buffered and ${maxQueued} frames queued, ${stats.conflated} steps frames conflated; it got ${got.length} of ${emitted} events`);
    assert.ok(got.length < emitted, `conflated: ${got.length} of ${emitted} events`);
    assert.is((got.filter((f) => f.type === 'step').at(-1) as StepEvent).globalStep, steps, 'the latest step arrives after draining');
  } finally {
    await server.close();
  }
});

test.run();
