import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Socket } from 'node:net';
import { Subject } from 'rxjs';
import type { StepEvent, TrainEvent } from '@gradstream/events';
import { serveMonitor, type EventFrame, type ServerFrame } from '../src/index.js';
import { connect } from './helpers/ws-client.js';
import { wideRun } from './helpers/wide-run.js';

const isEvent = (f: ServerFrame): f is EventFrame => 'seq' in f && f.type !== 'hello';

test('a paused client neither blocks the producer nor another client, and its server-side buffer stays bounded', async () => {
  const highWaterMark = 64 * 1024;
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source, { highWaterMark, heartbeatMs: 60_000 });
  try {
    const paused = await connect(server.wsUrl);
    const fast = await connect(server.wsUrl);
    await paused.waitFor((f) => f.type === 'hello');
    // The paused client stops reading its socket: the kernel buffers fill, then the server's.
    ((paused.ws as unknown as { _socket: Socket })._socket).pause();

    const steps = 8_000;
    let maxBuffered = 0;
    let maxQueued = 0;
    let emitted = 0;
    let frameBytes = 0;
    for (const e of wideRun(steps, 1000)) {
      source.next(e);
      frameBytes = Math.max(frameBytes, JSON.stringify(e).length + 20);
      // Yield to the event loop now and then so the server broadcasts, as a real trainer's awaits would
      // (in small batches: the reading client shares this process and must get its turn to read).
      if (++emitted % 25 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        const slow = server.stats().subscribers.reduce((a, b) => (a.bufferedAmount >= b.bufferedAmount ? a : b));
        maxBuffered = Math.max(maxBuffered, slow.bufferedAmount);
        maxQueued = Math.max(maxQueued, ...server.stats().subscribers.map((s) => s.queued));
      }
    }
    // The producer emitted everything and the reading client received it all, in order, while the other was paused.
    await fast.waitFor((f) => f.type === 'done', 'done on the fast client');
    const fastEvents = fast.frames.filter(isEvent);
    assert.is(fastEvents.length, emitted, `the reading client got ${fastEvents.length} of ${emitted} frames: ${JSON.stringify(server.stats().subscribers)}`);
    assert.equal(fastEvents.map((f) => f.seq), Array.from({ length: emitted }, (_, i) => i + 1));

    // The paused client's buffered bytes stay near the high-water mark (a frame can overshoot it by one frame),
    // and its queue holds at most its epochs, the done and one conflated step per gap between them.
    const stats = server.stats().subscribers.find((s) => s.conflated > 0);
    assert.ok(stats !== undefined, 'the paused client had steps conflated');
    assert.ok(maxBuffered > highWaterMark / 2, `the paused client did get congested (${maxBuffered} bytes)`);
    assert.ok(maxBuffered <= highWaterMark + frameBytes, `bufferedAmount ${maxBuffered} > ${highWaterMark} + ${frameBytes}`);
    assert.ok(maxQueued <= 2 * (steps / 1000) + 2, `queue length ${maxQueued}`);

    // Once it reads again it gets every epoch and the done, the latest step before each, in seq order.
    ((paused.ws as unknown as { _socket: Socket })._socket).resume();
    await paused.waitFor((f) => f.type === 'done', 'done on the paused client');
    const slowEvents = paused.frames.filter(isEvent);
    assert.equal(slowEvents.filter((f) => f.type === 'epoch').map((f) => (f as { epoch: number }).epoch), Array.from({ length: 8 }, (_, i) => i + 1));
    assert.ok(slowEvents.every((f, i) => i === 0 || f.seq > slowEvents[i - 1].seq), 'seq increases');
    assert.ok(slowEvents.length < emitted, `conflated: ${slowEvents.length} of ${emitted} frames`);
    const lastStep = slowEvents.filter((f) => f.type === 'step').at(-1) as StepEvent;
    assert.is(lastStep.globalStep, steps, 'the latest step arrives after draining');
  } finally {
    await server.close();
  }
});

test.run();
