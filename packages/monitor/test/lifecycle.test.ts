import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { connect as tcpConnect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Subject } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { serveMonitor } from '../src/index.js';
import { linregRun } from './helpers/linreg-run.js';
import { connect } from './helpers/ws-client.js';

/** Active handles and timers by kind, e.g. { TCPSocketWrap: 2, Timeout: 1 }. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('1,000 connect/disconnect cycles leave no clients, sockets or timers behind', async () => {
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source);
  try {
    for (const e of linregRun({ n: 100 })) source.next(e); // a hello with some history to send each time
    await new Promise((resolve) => setTimeout(resolve, 10));
    const before = resources();
    for (let i = 0; i < 1000; i++) {
      const client = await connect(server.wsUrl);
      await client.waitFor((f) => f.type === 'hello');
      if (i % 2 === 0) client.ws.send(JSON.stringify({ type: 'subscribe', maxHz: 5 }));
      await client.close();
    }
    await until(() => server.stats().clients === 0, 'the server has no clients');
    await until(() => (resources().TCPSocketWrap ?? 0) <= (before.TCPSocketWrap ?? 0), 'sockets are released');
    const after = resources();
    assert.is(server.stats().clients, 0);
    assert.is(after.TCPSocketWrap ?? 0, before.TCPSocketWrap ?? 0);
    assert.is(after.Timeout ?? 0, before.Timeout ?? 0);
  } finally {
    await server.close();
  }
});

test('close() ends every socket and timer: a child process that serves and closes exits by itself', async () => {
  const fixture = fileURLToPath(new URL('./fixtures/serve-then-close.ts', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=@gradstream/source', '--import', 'tsx', fixture], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  clearTimeout(killer);
  assert.is(signal, null, `the child had to be killed: it did not exit after close(). ${stderr}`);
  assert.is(code, 0, stderr);
  assert.equal(JSON.parse(stdout), { before: 3, after: 0, readerState: 3 });
});

test('the heartbeat terminates a peer that never answers pings and keeps one that does', async () => {
  const source = new Subject<TrainEvent>();
  const server = await serveMonitor(source, { heartbeatMs: 100 });
  try {
    const live = await connect(server.wsUrl);
    // A raw TCP peer that completes the upgrade and then never reads a byte: it cannot answer a ping.
    const raw = tcpConnect(server.port, '127.0.0.1');
    raw.on('error', () => {});
    raw.write(
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await until(() => server.stats().clients === 2, 'both peers are connected');
    raw.pause();
    await until(() => server.stats().clients === 1, 'the silent peer is terminated');
    // Several heartbeat periods later the answering client is still there.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.is(server.stats().clients, 1);
    assert.is(live.ws.readyState, 1);
    raw.destroy();
  } finally {
    await server.close();
  }
});

test.run();
