// Protocol v1 stays as it was: a client of a one-run monitor (what `train --monitor` serves) gets exactly
// the frames it got before the monitor learned to serve many runs (protocol v2, serveRuns).
// test/fixtures/v1-frames.json holds the frames the monitor sent before that change for a seeded training run
// of the trainer (2 epochs of 20 steps, explanations every 5th step): every frame of a client connected
// before the run, and the hello of one connected after it (the wall-clock fields zeroed). The events are
// those frames without their `seq`; the test serves them again through today's serveMonitor and compares
// every frame, so it checks the monitor alone (the trainer's events may gain fields; the monitor's frames
// must not change). `UPDATE_V1_FRAMES=1` rewrites the fixture, which a review should reject.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { Subject, from, switchMap, take } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { serveMonitor, type ServerFrame } from '../src/index.js';
import { connect } from './helpers/ws-client.js';

const fixture = new URL('./fixtures/v1-frames.json', import.meta.url);
const before = JSON.parse(readFileSync(fixture, 'utf8')) as { early: Record<string, unknown>[]; late: unknown };
const events = before.early.filter((f) => f.type !== 'hello').map(({ seq: _seq, ...event }) => event as unknown as TrainEvent);

/** The wall-clock fields (and the run id the monitor derives from the start time) are all that differ between two runs of the same seed. */
const CLOCK = new Set(['startedAt', 'elapsedMs', 'runId']);
function withoutClock(frame: unknown): unknown {
  return JSON.parse(JSON.stringify(frame), (key, value) => (CLOCK.has(key) ? 0 : value));
}

async function recordFrames(): Promise<{ early: unknown[]; late: unknown }> {
  const go = new Subject<void>();
  const server = await serveMonitor(go.pipe(take(1), switchMap(() => from(events))), { historySize: 16 });
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
  if (process.env.UPDATE_V1_FRAMES === '1') writeFileSync(fixture, JSON.stringify(frames, null, 1) + '\n');
  assert.is(frames.early.length, before.early.length, 'as many frames as before');
  assert.is(events.length, 54, 'the run event, 40 steps, 10 explanations, 2 epochs, done');
  for (let i = 0; i < before.early.length; i++) assert.equal(frames.early[i], before.early[i], `frame ${i + 1}`);
  assert.equal(frames.late, before.late, 'the late hello');
  assert.is((frames.late as { protocol: number }).protocol, 1);
});

// What a v1 client's own frames get back — pong, nothing for a valid subscribe, and each refusal's sentence —
// as the monitor answered them before protocol 2 (test/fixtures/v1-replies.json, recorded with the monitor's
// sources of that commit; the frames parser and the connection were reorganised since, to share them with v2).
const replies = new URL('./fixtures/v1-replies.json', import.meta.url);
const SENT = ['{"type":"ping"}', '{"type":"subscribe","maxHz":5}', '{"type":"pause"}', '{"type":"stpe"}', '[1]', 'not json', '{"type":"subscribe","maxHz":0}', '{"type":"seek","step":3}', '{"type":"explain","step":7}'];

test('a v1 client\'s own frames are answered as before protocol v2', async () => {
  const server = await serveMonitor(from(events), { historySize: 16 });
  try {
    const client = await connect(server.wsUrl);
    await client.waitFor((f) => f.type === 'hello', 'hello');
    for (const text of SENT) client.ws.send(text);
    client.ws.send(Buffer.from([1, 2, 3]));
    client.ws.send('{"type":"ping"}');
    await client.waitFor(() => client.frames.filter((f) => f.type === 'pong').length === 2, 'the second pong');
    const got = client.frames.slice(1).map(withoutClock);
    if (process.env.UPDATE_V1_FRAMES === '1') writeFileSync(replies, JSON.stringify(got, null, 1) + '\n');
    const want = JSON.parse(readFileSync(replies, 'utf8')) as unknown[];
    assert.equal(got, want);
    assert.is(want.length, 10, 'two pongs and eight refusals');
    await client.close();
  } finally {
    await server.close();
  }
});

test.run();
