// `gradstream serve --replay` under control (issue 11 §3) and `--allow-origin`, with real processes: a
// recording made by `gradstream train --record`, served by the real bin, driven by a real `ws` client.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { runCli, startCli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-serve-'));
const recording = join(dir, 'run.ndjson');
test.before(async () => {
  const { code, stderr } = await runCli(['train', '--record', recording, '--epochs', '2']); // 200 steps
  assert.is(code, 0, stderr);
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `serve` and reads the addresses it prints. */
async function serve(args: string[]): Promise<{ child: ChildProcess; dashboard: string; view: string | undefined; stderr: () => string }> {
  const child = startCli(['serve', ...args]);
  let text = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (text += d));
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => /^websocket: /m.test(text) && (clearInterval(check), resolve()), 20);
    child.once('close', () => (clearInterval(check), reject(new Error(`serve exited: ${text}`))));
  });
  return { child, dashboard: /^dashboard: (\S+)$/m.exec(text)![1], view: /^read-only view: (\S+)$/m.exec(text)?.[1], stderr: () => text };
}

type Frame = { type: string; [key: string]: unknown };
/** A ws client that records frames; `next(match)` waits for the first recorded frame that matches. */
async function client(url: string, headers?: Record<string, string>) {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), { headers });
  const frames: Frame[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d)) as Frame));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const next = async (match: (f: Frame) => boolean, what: string) => {
    for (let waited = 0; waited < 10_000; waited += 10) {
      const found = frames.find(match);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`timed out waiting for ${what}; frames: ${frames.map((f) => f.type).join(' ')}`);
  };
  return { ws, frames, next, send: (frame: object) => ws.send(JSON.stringify(frame)) };
}

test('a replay is controlled from the printed URL: pause, seek back to step 50, one step; the read-only view cannot', async () => {
  const { child, dashboard, view } = await serve(['--replay', recording, '--speed', '0.01']);
  try {
    assert.match(dashboard, /^http:\/\/127\.0\.0\.1:\d+\/\?control=[\w-]{16}$/);
    assert.is(view, dashboard.replace(/\?control=.*$/, ''));
    const boss = await client(dashboard);
    const hello = await boss.next((f) => f.type === 'hello', 'hello');
    const control = hello.control as { paused: boolean; stepsPerSecond: number; canSeek: boolean; canControl: boolean };
    // --speed 0.01: a hundredth of the recorded pace (200 steps over the done event's elapsedMs).
    assert.equal({ ...control, stepsPerSecond: 0 }, { paused: false, stepsPerSecond: 0, canSeek: true, canControl: true });
    assert.ok(control.stepsPerSecond > 0 && control.stepsPerSecond < 1000, `pace ${control.stepsPerSecond}`);

    boss.send({ type: 'pause' });
    await boss.next((f) => f.type === 'control' && f.paused === true, 'paused');
    boss.send({ type: 'seek', step: 50 });
    await boss.next((f) => f.type === 'step' && f.globalStep === 50, 'step 50');
    boss.send({ type: 'step' });
    await boss.next((f) => f.type === 'step' && f.globalStep === 51, 'step 51');

    const watcher = await client(view!);
    const watched = await watcher.next((f) => f.type === 'hello', 'hello');
    assert.is((watched.control as { canControl: boolean }).canControl, false);
    assert.is((watched.latest as { globalStep: number }).globalStep, 51);
    watcher.send({ type: 'resume' });
    const refused = await watcher.next((f) => f.type === 'error', 'a refusal');
    assert.is(refused.message, 'control refused: this connection is read-only (open the dashboard URL with its control key)');
    boss.ws.close();
    watcher.ws.close();
  } finally {
    child.kill('SIGKILL');
  }
});

test('--exit-when-done: a replay at full speed ends the command once delivered', async () => {
  const { code, stderr } = await runCli(['serve', '--replay', recording, '--exit-when-done']);
  assert.is(code, 0, stderr);
  assert.match(stderr, /the event stream ended; exiting \(--exit-when-done\)/);
});

test('--allow-origin opens the socket to that origin only; a bad origin is named', async () => {
  const { child, dashboard } = await serve(['--replay', recording, '--allow-origin', 'http://localhost:5173,http://dev.example:8080']);
  try {
    const status = (origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(dashboard.replace(/^http/, 'ws'), { origin });
        ws.on('unexpected-response', (_req, res) => (resolve(res.statusCode ?? 0), ws.terminate()));
        ws.on('error', () => {});
        ws.on('open', () => (resolve(101), ws.close()));
      });
    assert.is(await status('http://localhost:5173'), 101);
    assert.is(await status('http://dev.example:8080'), 101);
    assert.is(await status('http://evil.example'), 403);
  } finally {
    child.kill('SIGKILL');
  }
  const bad = await runCli(['serve', '--replay', recording, '--allow-origin', 'http://localhost:5173/app']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, 'invalid option. --allow-origin takes origins such as http://localhost:5173 (scheme, host and port; no path), comma-separated. Value: `http://localhost:5173/app`.');
});

test.run();
