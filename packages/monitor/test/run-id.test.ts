// Issue 12 #6: every run has an id, `?since=` counts in a run, and a client that reconnects to a server
// now serving a different run starts that run afresh and says so — instead of splicing run A with run B's
// `done`, or hanging on a resume point run B never reaches. Real servers on one port, real clients.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ReplaySubject, Subject } from 'rxjs';
import type { RunEvent, TrainEvent } from '@gradstream/events';
import { serveMonitor, type HelloFrame, type MonitorServer } from '../src/index.js';
import { follow } from './helpers/follow.js';
import { linregRun } from './helpers/linreg-run.js';
import { connect } from './helpers/ws-client.js';

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Run A and run B: the same lesson, started at different times (so different ids), B shorter. */
const runA = linregRun();
const runB = linregRun({ n: 200, epochs: 2 }).map((e) => (e.type === 'run' ? { ...e, startedAt: e.startedAt + 60_000 } : e));

test('the hello names the run: its runId, or an id derived from the run event (the same for the same run, on any server)', async () => {
  const named = { ...(runA[0] as RunEvent), runId: 'lesson-42' };
  for (const [first, expected] of [[named, 'lesson-42'], [runA[0], undefined]] as const) {
    const ids: (string | undefined)[] = [];
    for (let i = 0; i < 2; i++) {
      const source = new ReplaySubject<TrainEvent>();
      source.next(first);
      const live = await serveMonitor(source);
      const client = await connect(live.wsUrl);
      ids.push(((await client.waitFor((f) => f.type === 'hello')) as HelloFrame).runId);
      await client.close();
      await live.close();
    }
    assert.is(ids[0], ids[1], 'two servers of one run name it alike');
    if (expected !== undefined) assert.is(ids[0], expected);
    else assert.match(ids[0] ?? '', /^h[0-9a-f]{16}$/);
  }
});

test('?since= of another run is ignored: the client gets the server\'s run from its start, in a full hello', async () => {
  const source = new ReplaySubject<TrainEvent>();
  for (const e of runB) source.next(e);
  const server = await serveMonitor(source);
  try {
    const probe = await connect(server.wsUrl);
    const idB = ((await probe.waitFor((f) => f.type === 'hello')) as HelloFrame).runId!;
    await probe.close();
    const other = await connect(`${server.wsUrl}?since=250&run=some-other-run`);
    const hello = (await other.waitFor((f) => f.type === 'hello')) as HelloFrame;
    assert.is(hello.resumedFrom, undefined);
    assert.is(hello.runId, idB);
    assert.is(hello.epochs.length, 2);
    await other.close();
    const same = await connect(`${server.wsUrl}?since=250&run=${idB}`);
    const resumed = (await same.waitFor((f) => f.type === 'hello')) as HelloFrame;
    assert.is(resumed.resumedFrom, 250, 'the same run resumes');
    await same.close();
  } finally {
    await server.close();
  }
});

test('fromMonitor across a restart with another run: run A, an error event saying A was cut off, then all of run B', async () => {
  const a = new ReplaySubject<TrainEvent>();
  let server: MonitorServer = await serveMonitor(a);
  const port = server.port;
  const { received, done } = follow(server.wsUrl);
  try {
    await until(() => server.stats().clients === 1, 'the client is connected');
    for (const e of runA.slice(0, 250)) a.next(e); // run A is well past run B's length
    await until(() => received.length === 250, '250 events of run A');
    const probe = await connect(server.wsUrl);
    const idA = ((await probe.waitFor((f) => f.type === 'hello')) as HelloFrame).runId;
    await probe.close();
    await server.close(); // run A's producer dies with its server
    const b = new ReplaySubject<TrainEvent>();
    for (const e of runB) b.next(e);
    server = await serveMonitor(b, { port }); // another run on the same port
    await done;
    const cut = received.findIndex((e) => e.type === 'error');
    assert.is(cut, 250, 'the error event comes right after run A\'s events');
    assert.equal(received.slice(0, 250), runA.slice(0, 250));
    const message = (received[cut] as { message: string }).message;
    assert.match(message, `fromMonitor: the monitor at 127.0.0.1:${port} now serves another run (h`);
    assert.match(message, `; the run followed so far (${idA}) ended unfinished here. Following the new run from its start.`);
    const afterCut = received.slice(cut + 1);
    assert.equal(afterCut[0], runB[0], 'run B starts with its run event');
    assert.equal(afterCut.filter((e) => e.type === 'epoch'), runB.filter((e) => e.type === 'epoch'));
    assert.equal(afterCut.at(-1), runB.at(-1), 'and ends with its own done');
  } finally {
    await server.close();
  }
});

test('a client resuming before the restarted server has a run: another run\'s events are sent from seq 1', async () => {
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source);
  try {
    const client = await connect(`${server.wsUrl}?since=250&run=run-a`);
    await client.waitFor((f) => f.type === 'hello');
    for (const e of runB) source.next(e); // run B: 400 events, fewer than... any since would hide its start
    await client.waitFor((f) => f.type === 'done', 'run B\'s done');
    const seqs = client.frames.filter((f) => 'seq' in f && f.type !== 'hello').map((f) => (f as { seq: number }).seq);
    assert.equal(seqs, Array.from({ length: runB.length }, (_, i) => i + 1));
  } finally {
    await server.close();
  }
});

test.run();
