import type { ChildProcess } from 'node:child_process';
import { parseTrainEvent, type DoneEvent, type TrainEvent } from '@gradstream/events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { runCli, startCli } from './cli.js';

/** Resolves with the first match of `re` in the process's stderr. */
function fromStderr(child: ChildProcess, re: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d;
      const m = re.exec(text);
      if (m) {
        child.stderr!.off('data', onData);
        resolve(m[1]);
      }
    };
    child.stderr!.on('data', onData);
    child.once('close', () => reject(new Error(`exited before printing ${re}: ${text}`)));
  });
}

/** Collects frames until `done` (in `hello` or as an event), as a dashboard would. */
function readRun(url: string): Promise<{ hello: Record<string, unknown>; events: TrainEvent[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    let hello: Record<string, unknown> | undefined;
    const events: TrainEvent[] = [];
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no done event within 30 s; got ${events.length} events`));
    }, 30_000);
    ws.on('error', reject);
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; seq?: number };
      if (frame.type === 'hello') {
        hello = frame;
        return;
      }
      if (frame.seq === undefined) return;
      events.push(parseTrainEvent(JSON.stringify(frame), `frame ${frame.seq}`));
      if (frame.type === 'done') {
        clearTimeout(timer);
        ws.close();
        resolve({ hello: hello!, events });
      }
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
    const wsUrl = await fromStderr(serve, /^websocket: (ws:\/\/\S+)$/m);
    // ?since=0: every event of the run, even those sent before we connected.
    const { hello, events } = await readRun(`${wsUrl}${wsUrl.includes('?') ? '&' : '?'}since=0`);
    assert.is(hello.type, 'hello');
    assert.is(events[0].type, 'run');
    assert.equal(events.filter((e) => e.type === 'epoch').map((e) => e.epoch), [1, 2, 3]);
    const done = events.at(-1) as DoneEvent;
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

test('serve keeps serving after the stream ends, and Ctrl-C ends it with exit 0', async () => {
  const serve = startCli(['serve', '--stdin']);
  serve.stdin!.end('{"type":"error","message":"nothing to train"}\n');
  const url = await fromStderr(serve, /^dashboard: (http:\/\/\S+)$/m);
  const page = await fetch(url);
  assert.is(page.status, 200);
  assert.match(await page.text(), /<html/i);
  const exited = new Promise<number | null>((resolve) => serve.on('close', (code) => resolve(code)));
  serve.kill('SIGINT');
  assert.is(await exited, 0);
});

test('train --monitor serves the dashboard while training and exits when done with --exit-when-done', async () => {
  const { code, stdout, stderr } = await runCli(['train', '--monitor', '0', '--exit-when-done']);
  assert.is(code, 0, stderr);
  assert.match(stdout, /^dashboard: http:\/\/127\.0\.0\.1:\d+\/$/m);
  assert.match(stdout, /^epoch 3, loss /m);
});

test('serve --token refuses a WebSocket client without the token', async () => {
  const serve = startCli(['serve', '--stdin', '--token', 's3cret']);
  try {
    const wsUrl = await fromStderr(serve, /^websocket: (ws:\/\/\S+)$/m);
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
