// The incoming-frame limit: its rule with exact clock values (no sleeps), then on a real socket.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Subject } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { serveMonitor } from '../src/index.js';
import { RateLimit } from '../src/rate-limit.js';
import { connect } from './helpers/ws-client.js';

test('a burst is accepted, then frames are dropped until tokens refill; a sustained flood ends in close', () => {
  const limit = new RateLimit({ perSecond: 10, burst: 4 });
  const at = (t: number, n: number) => Array.from({ length: n }, () => limit.take(t));
  assert.equal(at(0, 6), ['accept', 'accept', 'accept', 'accept', 'drop', 'drop']);
  assert.equal(at(100, 2), ['accept', 'drop'], '100 ms at 10/s refill one token');
  assert.equal(at(1000, 5), ['accept', 'accept', 'accept', 'accept', 'drop'], 'a quiet second refills the burst, not more');
  // Without pauses: the burst is accepted, `burst` more are dropped (each one answered), then the socket closes.
  const flood = new RateLimit({ perSecond: 10, burst: 4 });
  const verdicts = Array.from({ length: 12 }, () => flood.take(0));
  assert.equal(verdicts, [...Array(4).fill('accept'), ...Array(4).fill('drop'), ...Array(4).fill('close')]);
});

test('a client over the limit gets an error frame naming it; one that floods is closed with 1008', async () => {
  const server = await serveMonitor(new Subject<TrainEvent>(), { rateLimit: { perSecond: 1, burst: 5 } });
  try {
    const client = await connect(server.wsUrl);
    await client.waitFor((f) => f.type === 'hello');
    for (let i = 0; i < 8; i++) client.ws.send('{"type":"ping"}');
    const error = await client.waitFor((f) => f.type === 'error', 'the rate-limit error');
    assert.is(
      (error as { message: string }).message,
      'rate limit: at most 1 frames a second (bursts of 5); this frame was dropped. Keep sending faster and the connection closes (1008).',
    );
    for (let i = 0; i < 50; i++) client.ws.send('{"type":"ping"}');
    const { code, reason } = await client.closed;
    assert.is(code, 1008);
    assert.is(reason, 'rate limit exceeded');
    const pongs = client.frames.filter((f) => f.type === 'pong').length;
    assert.ok(pongs >= 5 && pongs <= 7, `pongs ${pongs}: the burst, plus at most what refilled meanwhile`);
  } finally {
    await server.close();
  }
});

test.run();
