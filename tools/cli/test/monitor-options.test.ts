// Issue 12: `train --monitor --allow-origin` reaches the server, and a monitor open to the network
// without a token says so. Real processes, a real `ws` client with an Origin header.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { startCli } from './cli.js';

/** Starts the bin and waits until it prints its WebSocket address; collects stdout and stderr. */
async function start(args: string[]): Promise<{ child: ChildProcess; wsUrl: string; output: () => string }> {
  const child = startCli(args);
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (text += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (text += d));
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => /^websocket: /m.test(text) && (clearInterval(check), resolve()), 20);
    child.once('close', () => (clearInterval(check), reject(new Error(`exited early: ${text}`))));
  });
  return { child, wsUrl: /^websocket: (\S+)$/m.exec(text)![1], output: () => text };
}

/** The status of GET `url` sent to 127.0.0.1 with this Host header. */
function status(url: string, host: string): Promise<number> {
  const { port, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname + search, headers: { host }, setHost: false }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
    req.on('error', reject).end();
  });
}

/** The status of a WebSocket upgrade sent with this Origin: 101 when accepted. */
function upgradeStatus(url: string, origin: string): Promise<number> {
  return new Promise<number>((resolve) => {
    const ws = new WebSocket(url, { origin });
    ws.on('unexpected-response', (_req, res) => (resolve(res.statusCode ?? 0), ws.terminate()));
    ws.on('error', () => {});
    ws.on('open', () => (resolve(101), ws.close()));
  });
}

const QUICK = ['--no-wait', '--steps-per-second', '5'];

test('train --monitor --allow-origin accepts that origin and still refuses others', async () => {
  const { child, wsUrl } = await start(['train', '--monitor', ...QUICK, '--allow-origin', 'http://localhost:5173']);
  try {
    assert.is(await upgradeStatus(wsUrl, 'http://localhost:5173'), 101);
    assert.is(await upgradeStatus(wsUrl, 'http://evil.example'), 403);
  } finally {
    child.kill('SIGKILL');
  }
});

const WARNING = /^gradstream: warning: the monitor listens on 0\.0\.0\.0 without --token: anyone who can reach this machine can watch the run\. Add --token TOKEN, or listen on 127\.0\.0\.1\.$/m;

test('serve and train --monitor on 0.0.0.0 without a token print a warning; with a token, or on loopback, they do not', async () => {
  for (const args of [['train', '--monitor', ...QUICK, '--host', '0.0.0.0'], ['serve', '--stdin', '--host', '0.0.0.0']]) {
    const { child, output } = await start(args);
    child.kill('SIGKILL');
    assert.match(output(), WARNING, args.join(' '));
  }
  for (const args of [['train', '--monitor', ...QUICK, '--host', '0.0.0.0', '--token', 'secret'], ['serve', '--stdin']]) {
    const { child, output } = await start(args);
    child.kill('SIGKILL');
    assert.not.match(output(), /warning/, args.join(' '));
  }
});

test('on 0.0.0.0 the dashboard line names the machine, and a browser sent there is served (0.0.0.0 itself is refused)', async () => {
  const { child, output } = await start(['train', '--monitor', ...QUICK, '--host', '0.0.0.0', '--token', 'secret']);
  try {
    const url = /^dashboard: (\S+)$/m.exec(output())![1]!;
    assert.is(new URL(url).hostname, hostname());
    assert.is(new URL(url).searchParams.get('token'), 'secret');
    // Sent to this machine with the printed URL's Host (as a browser would send it), without relying on DNS here.
    const asPrinted = await status(url, new URL(url).host);
    assert.is(asPrinted, 200);
    assert.is(await status(url, `0.0.0.0:${new URL(url).port}`), 403);
  } finally {
    child.kill('SIGKILL');
  }
});

test('serve --runs on 0.0.0.0 without a token warns that every run it serves can be watched', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradstream-open-runs-'));
  try {
    const { child, output } = await start(['serve', '--runs', dir, '--host', '0.0.0.0']);
    child.kill('SIGKILL');
    assert.match(output(), /^gradstream: warning: the monitor listens on 0\.0\.0\.0 without --token: anyone who can reach this machine can watch every run it serves\. Add --token TOKEN, or listen on 127\.0\.0\.1\.$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
