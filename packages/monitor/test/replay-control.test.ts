// Recordings under control (issue 11 §3): a real NDJSON file, written by toNdjson and read back by
// fromNdjson, replayed by replayControl through a real monitor to a real `ws` client.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { from, lastValueFrom, toArray } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { fromNdjson, recordedStepsPerSecond, replayControl, serveMonitor, toNdjson, type EventFrame, type HelloFrame, type ServerFrame } from '../src/index.js';
import { linregRun } from './helpers/linreg-run.js';
import { connect, roundTrip, type RecordingClient } from './helpers/ws-client.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-replay-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** The lesson-sized run (n 400, batch 10, 2 epochs: 80 steps) recorded to a file and read back. */
async function recording(): Promise<{ recorded: TrainEvent[]; events: TrainEvent[] }> {
  const path = join(dir, `run-${Math.random().toString(36).slice(2)}.ndjson`);
  const recorded = await lastValueFrom(from(linregRun({ n: 400, epochs: 2 })).pipe(toNdjson(path), toArray()));
  return { recorded, events: await lastValueFrom(fromNdjson(path).pipe(toArray())) };
}

const isEvent = (f: ServerFrame): f is EventFrame => 'seq' in f && f.type !== 'hello';
const globalSteps = (frames: ServerFrame[]) => frames.filter(isEvent).flatMap((f) => (f.type === 'step' ? [f.globalStep] : []));
async function send(client: RecordingClient, frame: object): Promise<void> {
  client.ws.send(JSON.stringify(frame));
  await roundTrip(client);
}

test('a paused replay steps one step at a time, seeks back from its run event, and plays on to done', async () => {
  const { recorded, events } = await recording();
  assert.equal(events, recorded);
  const replay = replayControl(events, { paused: true });
  const server = await serveMonitor(replay.events$, { control: replay });
  try {
    const client = await connect(server.wsUrl);
    const hello = (await client.waitFor((f) => f.type === 'hello')) as HelloFrame;
    assert.equal(hello.control, { paused: true, stepsPerSecond: null, canSeek: true, canControl: true });
    assert.equal(hello.run, events[0], 'paused, the run event is out: viewers know which run it is');
    assert.is(hello.seq, 1);

    await send(client, { type: 'step' });
    await send(client, { type: 'step' });
    await client.waitFor(() => globalSteps(client.frames).length === 2, 'two steps');
    assert.equal(globalSteps(client.frames), [1, 2]);

    // Seek forward plays on; seek back starts over from the run event (seq restarts) up to that step.
    await send(client, { type: 'seek', step: 45 });
    await client.waitFor((f) => f.type === 'step' && f.globalStep === 45, 'step 45');
    await send(client, { type: 'seek', step: 12 });
    const rerun = await client.waitFor((f) => f.type === 'run' && client.frames.indexOf(f) > 1, 'the run again');
    assert.is((rerun as EventFrame).seq, 1);
    await client.waitFor((f) => f.type === 'step' && f.globalStep === 12 && (f as EventFrame).seq === 13, 'step 12 of the new pass');
    const after = client.frames.slice(client.frames.indexOf(rerun));
    assert.equal(globalSteps(after), Array.from({ length: 12 }, (_, i) => i + 1));
    assert.equal(globalSteps(client.frames).slice(0, 45), Array.from({ length: 45 }, (_, i) => i + 1));
    const late = await connect(server.wsUrl);
    const lateHello = (await late.waitFor((f) => f.type === 'hello')) as HelloFrame;
    assert.is(lateHello.latest?.globalStep, 12, 'a newcomer sees the state after the seek');

    await send(client, { type: 'resume' });
    const done = await client.waitFor((f) => f.type === 'done', 'done');
    const { seq: _seq, ...doneEvent } = done as EventFrame;
    assert.equal(doneEvent, events[events.length - 1]);
    assert.equal(globalSteps(client.frames.slice(client.frames.indexOf(rerun))), Array.from({ length: 80 }, (_, i) => i + 1));
    // After the end, a seek still replays (the replay stays open unless completeAtEnd).
    await send(client, { type: 'seek', step: 80 });
    await client.waitFor((f) => f.type === 'run' && client.frames.filter((g) => g.type === 'run').length === 2, 'a third pass (the first run event was in the hello)');
    assert.equal(
      client.frames.filter((f) => f.type === 'control'),
      [{ type: 'control', paused: false, stepsPerSecond: null, canSeek: true }],
    );
  } finally {
    await server.close();
  }
});

test('commands a replay cannot follow are refused with a reason; the state does not change', async () => {
  const { events } = await recording();
  const replay = replayControl(events, { stepsPerSecond: 5 });
  const server = await serveMonitor(replay.events$, { control: replay });
  try {
    const client = await connect(server.wsUrl);
    await client.waitFor((f) => f.type === 'hello');
    for (const c of [{ type: 'step' }, { type: 'seek', step: 81 }, { type: 'explain', step: 'current' }]) await send(client, c);
    assert.equal(
      client.frames.filter((f) => f.type === 'error').map((f) => (f as { message: string }).message),
      [
        'control refused: step runs one step of a paused replay: pause first',
        'control refused: invalid argument. step must be a step of the recorded run (from 1 to 80). Value: `81`.',
        'control refused: a recording cannot explain a step: it holds only the explanations recorded with the run',
      ],
    );
    assert.ok(!client.frames.some((f) => f.type === 'control'));
  } finally {
    await server.close();
  }
});

test('a paced replay takes at least its steps over its pace; completeAtEnd completes it', async () => {
  const { events } = await recording();
  const replay = replayControl(events, { stepsPerSecond: 400, completeAtEnd: true });
  const started = performance.now();
  const out = await lastValueFrom(replay.events$.pipe(toArray()));
  const ms = performance.now() - started;
  assert.equal(out, events, 'pacing never changes an event');
  // 80 steps at 400/s: the 80th is due 200 ms after the start, never earlier.
  assert.ok(ms >= 199, `${ms.toFixed(1)} ms`);
  // The recording's own pace: 80 steps over its done.elapsedMs (2 epochs × 10 ms + 1).
  assert.is(recordedStepsPerSecond(events), (80 * 1000) / 21);
  assert.is(recordedStepsPerSecond([]), null);
});

test('replayControl names a bad argument', () => {
  const messages: string[] = [];
  for (const [events, options] of [[null, {}], [[], { stepsPerSecond: 0 }], [[], { stepsPerSecond: Infinity }]] as const) {
    try {
      replayControl(events as never, options);
    } catch (err) {
      messages.push((err as Error).message);
    }
  }
  assert.equal(messages, [
    'invalid argument. events must be an array of TrainEvents (a recorded run). Value: `null`.',
    'invalid argument. stepsPerSecond must be a positive finite number, or null for as fast as it goes. Value: `0`.',
    'invalid argument. stepsPerSecond must be a positive finite number, or null for as fast as it goes. Value: `Infinity`.',
  ]);
});

test.run();
