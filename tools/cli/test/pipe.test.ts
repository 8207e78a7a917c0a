import type { ChildProcess } from 'node:child_process';
import { parseTrainEvent, type DoneEvent, type TrainEvent } from '@gradstream/events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { runCli, startCli } from './cli.js';

/** Resolves with the first match of `re` in a stream of the process (stderr by default). */
function fromOutput(child: ChildProcess, re: RegExp, stream: 'stdout' | 'stderr' = 'stderr'): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d;
      const m = re.exec(text);
      if (m) {
        child[stream]!.off('data', onData);
        resolve(m[1]);
      }
    };
    child[stream]!.on('data', onData);
    child.once('close', () => reject(new Error(`exited before printing ${re}: ${text}`)));
  });
}

interface SeenRun {
  run: TrainEvent | null;
  epochs: number[];
  steps: number;
  done: DoneEvent;
}

/**
 * Reads a run as a dashboard does: the `hello` frame (the run so far: run, epochs, done) and then the
 * live event frames, until `done`. A client that connects after the run ended gets it all in `hello`.
 */
function readRun(url: string): Promise<SeenRun> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const seen: Omit<SeenRun, 'done'> = { run: null, epochs: [], steps: 0 };
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no done event within 30 s; saw ${JSON.stringify(seen)}`));
    }, 30_000);
    const finish = (done: DoneEvent) => {
      clearTimeout(timer);
      ws.close();
      resolve({ ...seen, done });
    };
    ws.on('error', reject);
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; seq?: number };
      if (frame.type === 'hello') {
        const hello = frame as unknown as { run: TrainEvent | null; epochs: { epoch: number }[]; done: DoneEvent | null };
        seen.run = hello.run;
        seen.epochs.push(...hello.epochs.map((e) => e.epoch));
        if (hello.done) finish(hello.done);
        return;
      }
      if (frame.seq === undefined) return; // pong or a protocol error, not a run event
      const event = parseTrainEvent(JSON.stringify(frame), `frame ${frame.seq}`);
      if (event.type === 'run') seen.run = event;
      if (event.type === 'epoch') seen.epochs.push(event.epoch);
      if (event.type === 'step') seen.steps++;
      if (event.type === 'done') finish(event);
    });
  });
}

test('generate | train --stdin --events | serve --stdin: a WebSocket client receives the whole run', async () => {
  const generate = startCli(['generate']);
  const train = startCli(['train', '--stdin', '--events']);
  const serve = startCli(['serve', '--stdin']);
  generate.stdout!.pipe(train.stdin!);
  train.stdout!.pipe(serve.stdin!);
  let trainStderr = '';
  train.stderr!.on('data', (d) => (trainStderr += d));
  try {
    const wsUrl = await fromOutput(serve, /^websocket: (ws:\/\/\S+)$/m);
    const { run, epochs, done } = await readRun(wsUrl);
    assert.is(run?.type, 'run');
    assert.equal(epochs, [1, 2, 3]);
    assert.is(done.steps, 300);

    // The same rows trained in one process give the same final parameters, bit for bit.
    const csv = (await runCli(['generate'])).stdout;
    const direct = await runCli(['train', '--stdin', '--events'], { input: csv });
    const expected = parseTrainEvent(direct.stdout.trimEnd().split('\n').at(-1)!, 'direct') as DoneEvent;
    assert.equal(done.w, expected.w);
    assert.is(done.b, expected.b);
    assert.match(trainStderr, /^epoch 3, loss 0\.0000\d\d$/m);
  } finally {
    for (const child of [generate, train, serve]) child.kill('SIGKILL');
  }
});

test('train --monitor: a client connected during training receives it live, up to done, with --exit-when-done', async () => {
  const train = startCli(['train', '--n', '100000', '--monitor', '0', '--exit-when-done', '--steps-per-second', 'max']);
  let stdout = '';
  train.stdout!.on('data', (d) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => train.on('close', (code) => resolve(code)));
  try {
    const wsUrl = await fromOutput(train, /^websocket: (ws:\/\/\S+)$/m, 'stdout');
    const { epochs, steps, done } = await readRun(wsUrl);
    assert.equal(epochs, [1, 2, 3]);
    assert.ok(steps > 0, 'step frames arrive while training');
    assert.is(done.steps, 30_000);
    assert.is(await exited, 0);
    assert.match(stdout, /^dashboard: http:\/\/127\.0\.0\.1:\d+\/\?control=[\w-]+$/m);
    assert.match(stdout, /^epoch 3, loss /m);
  } finally {
    train.kill('SIGKILL');
  }
});

test('serve keeps serving after the stream ends, and Ctrl-C ends it with exit 0', async () => {
  const serve = startCli(['serve', '--stdin']);
  serve.stdin!.end('{"type":"error","message":"nothing to train"}\n');
  const url = await fromOutput(serve, /^dashboard: (http:\/\/\S+)$/m);
  const page = await fetch(url);
  assert.is(page.status, 200);
  assert.match(await page.text(), /<html/i);
  const exited = new Promise<number | null>((resolve) => serve.on('close', (code) => resolve(code)));
  serve.kill('SIGINT');
  assert.is(await exited, 0);
});

test('serve --token refuses a WebSocket client without the token', async () => {
  const serve = startCli(['serve', '--stdin', '--token', 's3cret']);
  try {
    const wsUrl = await fromOutput(serve, /^websocket: (ws:\/\/\S+)$/m);
    assert.match(wsUrl, /token=s3cret/);
    const bare = wsUrl.replace(/\?.*$/, '');
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(bare);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => {});
    });
    assert.is(status, 401);
  } finally {
    serve.kill('SIGKILL');
  }
});

test.run();
