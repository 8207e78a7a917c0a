// serveRuns (protocol 2) over a real ws server on 127.0.0.1 with real ws clients: the hello lists the
// runs, new runs are announced live, a client gets only the runs it watches (history first, then events
// numbered per run and tagged with the run's id), unwatching stops them, and runs cut off are interrupted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Subject } from 'rxjs';
import type { TaggedEvent, TrainEvent } from '@gradstream/events';
import { fromMonitor, serveRuns, type RunHistoryFrame, type RunsFrame, type RunsHelloFrame, type RunSummary, type TaggedEventFrame } from '../src/index.js';
import { linregRun } from './helpers/linreg-run.js';
import { connect, roundTrip, type RecordingClient } from './helpers/ws-client.js';

type Frame = { type: string; runId?: string; seq?: number };
const framesOf = (c: RecordingClient) => c.frames as unknown as Frame[];
const eventsOf = (c: RecordingClient, runId: string) => framesOf(c).filter((f): f is TaggedEventFrame => f.seq !== undefined && f.type !== 'hello' && f.runId === runId);
/** The latest summary of each run the client was told about. */
function summaries(c: RecordingClient): Map<string, RunSummary> {
  const out = new Map<string, RunSummary>();
  for (const f of framesOf(c)) {
    if (f.type === 'hello') for (const r of (f as RunsHelloFrame).runs) out.set(r.id, r);
    if (f.type === 'runs') for (const r of (f as RunsFrame).runs) out.set(r.id, r);
  }
  return out;
}
const tag = (runId: string, events: TrainEvent[]): TaggedEvent[] => events.map((event) => ({ runId, event }));

test('the hello lists the runs, new runs are announced, and a client gets only the runs it watches', async () => {
  const a = linregRun({ epochs: 2, lr: 0.03 });
  const b = linregRun({ epochs: 2, lr: 0.3, spikeAt: -1 });
  const source = new Subject<TaggedEvent>();
  const server = await serveRuns(source, { announceMs: 20, highWaterMark: 1 << 30 });
  try {
    for (const e of tag('lr=0.03', a)) source.next(e);
    const client = await connect(server.wsUrl);
    const hello = (await client.waitFor((f) => f.type === 'hello')) as unknown as RunsHelloFrame;
    assert.is(hello.protocol, 2);
    assert.equal(hello.runs.map((r) => [r.id, r.status, r.steps, r.epochs]), [['lr=0.03', 'done', 200, 2]]);
    assert.is(hello.runs[0].config?.lr, 0.03);
    assert.is(hello.runs[0].finalLoss, (a.at(-1) as { loss: number }).loss);

    // A run that starts after the client connected is announced without any request.
    source.next({ runId: 'lr=0.3', event: b[0] });
    await client.waitFor((f) => (f as Frame).type === 'runs' && (f as unknown as RunsFrame).runs.some((r) => r.id === 'lr=0.3'), 'the new run');
    assert.is(summaries(client).get('lr=0.3')?.status, 'live');

    // Watching a finished run: its history (a v1 hello of that run), and no events of the run it did not ask for.
    client.ws.send(JSON.stringify({ type: 'watch', runs: ['lr=0.03'] }));
    const history = (await client.waitFor((f) => f.type === ('history' as string))) as unknown as RunHistoryFrame;
    assert.is(history.runId, 'lr=0.03');
    assert.is(history.hello.seq, a.length);
    assert.is(history.hello.protocol, 1);
    assert.equal(history.hello.done, a.at(-1));
    assert.is(history.hello.epochCount, 2);
    for (const e of b.slice(1, 50)) source.next({ runId: 'lr=0.3', event: e });
    await roundTrip(client);
    assert.is(eventsOf(client, 'lr=0.3').length, 0, 'no events of an unwatched run');

    // Watching the live run: its history so far, then each later event once, numbered per run, tagged.
    client.ws.send(JSON.stringify({ type: 'watch', runs: ['lr=0.3'] }));
    const live = (await client.waitFor((f) => f.type === ('history' as string) && (f as unknown as RunHistoryFrame).runId === 'lr=0.3')) as unknown as RunHistoryFrame;
    assert.is(live.hello.seq, 50);
    assert.is(live.hello.latest?.globalStep, 49);
    for (const e of b.slice(50)) source.next({ runId: 'lr=0.3', event: e });
    await client.waitFor((f) => f.type === 'done' && (f as Frame).runId === 'lr=0.3', 'done of lr=0.3');
    const received = eventsOf(client, 'lr=0.3');
    assert.equal(received.map((f) => f.seq), b.slice(50).map((_, i) => 51 + i));
    assert.equal(received.map(({ seq: _s, runId: _r, ...e }) => e), b.slice(50));
    await client.waitFor(() => summaries(client).get('lr=0.3')?.status === 'done', 'lr=0.3 done in the summaries');
    assert.is(summaries(client).get('lr=0.3')?.finalLoss, (b.at(-1) as { loss: number }).loss);

    // Unwatching stops a run's events; a run left without done or error is interrupted when the stream ends.
    client.ws.send(JSON.stringify({ type: 'unwatch', runs: ['lr=0.3'] }));
    await roundTrip(client);
    const before = eventsOf(client, 'lr=0.3').length;
    for (const e of tag('lr=0.3', b.slice(0, 20))) source.next(e);
    source.next({ runId: 'cut', event: a[0] });
    // How a directory reader ends a run whose writer died: an error that begins with "interrupted".
    for (const e of a.slice(0, 110)) source.next({ runId: 'killed', event: e });
    source.next({ runId: 'killed', event: { type: 'error', message: 'interrupted: the process writing this run stopped after 100 steps', globalStep: 100 } });
    source.complete();
    await client.waitFor(() => summaries(client).get('cut')?.status === 'interrupted', 'cut interrupted');
    await roundTrip(client);
    assert.is(eventsOf(client, 'lr=0.3').length, before);
    assert.equal(summaries(client).get('cut')?.message, 'its events stopped before it finished');
    const killed = summaries(client).get('killed')!;
    assert.equal([killed.status, killed.steps, killed.epochs, killed.finalLoss], ['interrupted', 100, 1, (a.find((e) => e.type === 'epoch') as { loss: number }).loss]);
    await client.close();
  } finally {
    await server.close();
  }
});

test('a many-runs monitor answers bad and one-run frames with a sentence, and refuses control options', async () => {
  const server = await serveRuns(new Subject<TaggedEvent>());
  try {
    const client = await connect(server.wsUrl);
    await client.waitFor((f) => f.type === 'hello');
    const errors = async (frame: string) => {
      const n = client.frames.filter((f) => f.type === 'error').length;
      client.ws.send(frame);
      await client.waitFor(() => client.frames.filter((f) => f.type === 'error').length > n, 'error');
      return (client.frames.filter((f) => f.type === 'error').at(-1) as { message: string }).message;
    };
    assert.is(await errors('{"type":"watch","runs":["nope"]}'), 'invalid frame. runs must name runs this monitor serves. Value: `["nope"]`.');
    assert.is(await errors('{"type":"watch","runs":[]}'), 'invalid frame. runs must be an array of 1 to 64 run ids (strings). Value: `[]`.');
    assert.is(await errors('{"type":"pause"}'), 'invalid frame. This monitor serves several runs (protocol 2): it takes watch, unwatch, ping; pause is for a one-run monitor. Value: `"pause"`.');
    assert.is(await errors('{"type":"hi"}'), 'invalid frame. type must be one of watch, unwatch, ping. Value: `"hi"`.');
    await client.close();
  } finally {
    await server.close();
  }
  const rejection = (p: Promise<unknown>) => p.then(() => 'resolved', (err: Error) => err.message);
  assert.is(await rejection(serveRuns(new Subject<TaggedEvent>(), { control: {} } as never)), 'invalid argument. control is for one run (serveMonitor); serveRuns serves runs to watch, not to steer. Value: `object`.');
  assert.is(await rejection(serveRuns([] as never)), 'invalid argument. runs$ must be an Observable of TaggedEvents ({ runId, event }). Value: ``.');
});

test('fromMonitor, a one-run client, refuses a many-runs monitor with a sentence instead of misreading its hello', async () => {
  const server = await serveRuns(new Subject<TaggedEvent>());
  try {
    const message = await new Promise<string>((resolve) => fromMonitor(server.wsUrl).subscribe({ error: (err: Error) => resolve(err.message), complete: () => resolve('completed') }));
    assert.is(message, `fromMonitor: the server at 127.0.0.1:${server.port} serves several runs (protocol 2); fromMonitor follows one run (protocol 1), from \`train --monitor\` or \`serve --stdin/--replay\`.`);
  } finally {
    await server.close();
  }
});

test.run();
