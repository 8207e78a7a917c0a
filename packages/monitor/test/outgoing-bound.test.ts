// Issue 12 #4: one client must not balloon the server's memory. Every frame to a client (events, pongs,
// protocol errors, the hello) counts against its outgoing bound; a client past it is closed with 1013 and
// the reason. Real sockets: the flooding client stops reading its socket, as a hostile one would.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Socket } from 'node:net';
import { Subject } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { serveMonitor, type MonitorServer } from '../src/index.js';
import { connect, type RecordingClient } from './helpers/ws-client.js';

const LIMIT = 256 * 1024;
const socketOf = (client: RecordingClient) => (client.ws as unknown as { _socket: Socket })._socket;

/**
 * Sends `frame` over and over without reading anything, until the server has closed the connection or
 * `most` frames are sent; returns the largest server-side backlog seen.
 */
async function flood(server: MonitorServer, client: RecordingClient, frame: string, most: number): Promise<number> {
  socketOf(client).pause();
  let largest = 0;
  const closing = () => server.stats().subscribers.every((s) => s.closing !== null);
  for (let sent = 0; sent < most && !closing(); ) {
    for (let i = 0; i < 500; i++, sent++) client.ws.send(frame);
    await new Promise((resolve) => setImmediate(resolve));
    for (const s of server.stats().subscribers) largest = Math.max(largest, s.bufferedAmount);
  }
  return largest;
}

for (const [what, frame, reply] of [
  ['pings', '{"type":"ping"}', 'pong'],
  ['garbage frames', '{"type":"garbage","pad":"' + 'x'.repeat(60) + '"}', 'error'],
] as const) {
  test(`a client that sends ${what} and never reads is closed (1013, with the reason) once its ${reply} frames pass the bound`, async () => {
    const server = await serveMonitor(new Subject<TrainEvent>(), { maxBufferedBytes: LIMIT, highWaterMark: 64 * 1024, rateLimit: { perSecond: 1e9, burst: 1e9 }, heartbeatMs: 60_000 });
    try {
      const client = await connect(server.wsUrl);
      await client.waitFor((f) => f.type === 'hello');
      const largest = await flood(server, client, frame, 3_000_000);
      assert.ok(server.stats().subscribers[0]?.closing, `the server is closing the flooding client (largest backlog ${largest} bytes)`);
      assert.ok(largest <= LIMIT + 128, `the server never held more than the bound (and the close frame): ${largest} > ${LIMIT}`);
      socketOf(client).resume(); // read what is left: the frames sent before the bound, then the close frame
      const { code, reason } = await client.closed;
      assert.is(code, 1013);
      assert.match(reason, /^client not reading: \d+ bytes waiting to be sent \(limit 262144\)$/);
      assert.ok(client.frames.every((f) => f.type === 'hello' || f.type === reply));
    } finally {
      await server.close();
    }
  });
}

test('a client that never reads a run of epochs (frames that do not conflate) is closed at the bound; a reading client gets everything', async () => {
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source, { maxBufferedBytes: LIMIT, highWaterMark: 16 * 1024, heartbeatMs: 60_000 });
  try {
    const stuck = await connect(server.wsUrl);
    const reader = await connect(server.wsUrl);
    await stuck.waitFor((f) => f.type === 'hello');
    socketOf(stuck).pause();
    const w = Array.from({ length: 50 }, (_, i) => i / 7);
    source.next({ type: 'run', v: 1, config: { d: 50, batchSize: 1, lr: 0.1, optimizer: { name: 'sgd' }, engine: 'fused' }, startedAt: 5, w, b: 0 });
    let most = 0;
    for (let epoch = 1; epoch <= 20_000; epoch++) {
      source.next({ type: 'epoch', epoch, loss: 1 / epoch, w, b: epoch, elapsedMs: epoch, globalStep: epoch });
      if (epoch % 100 === 0) {
        for (const s of server.stats().subscribers) most = Math.max(most, s.queuedBytes + s.bufferedAmount);
        // The reading client keeps up: the next 100 epochs (~100 KB, under the bound) go out once it has these. Waiting
        // only for a turn of the event loop let a loaded machine's reader fall past the bound and be closed too.
        await reader.waitFor((f) => f.type === 'epoch' && f.epoch === epoch, `epoch ${epoch} on the reading client`);
      }
    }
    source.next({ type: 'done', epochs: 20_000, steps: 20_000, elapsedMs: 1, w, b: 0 });
    await reader.waitFor((f) => f.type === 'done', 'done on the reading client');
    assert.is(reader.frames.filter((f) => f.type === 'epoch').length, 20_000);
    assert.ok(most <= LIMIT, `backlog ${most} bytes (bound ${LIMIT})`);
    socketOf(stuck).resume();
    assert.is((await stuck.closed).code, 1013);
    while (server.stats().clients > 1) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(reader.ws.readyState === reader.ws.OPEN, 'the reading client is still connected');
  } finally {
    await server.close();
  }
});

test('maxBufferedBytes is validated', async () => {
  await serveMonitor(new Subject<TrainEvent>(), { maxBufferedBytes: 1000, highWaterMark: 4096 }).then(
    () => assert.unreachable('accepted a bound below the high-water mark'),
    (err: Error) => assert.is(err.message, 'invalid argument. maxBufferedBytes must be an integer of at least twice highWaterMark (8192). Value: `1000`.'),
  );
});

test.run();
