// The publishing thread (the default) must never keep a process alive once its publishers are closed or have failed:
// real child processes, a real redis-server, and a dead port.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startRedis, type RedisServer } from './helpers/redis-server.js';

const CHILD = fileURLToPath(new URL('./helpers/publish-child.ts', import.meta.url));
let redis: RedisServer;
test.before(async () => {
  redis = await startRedis();
});
test.after(async () => {
  await redis.stop();
});

/** Runs the child; resolves with its output and exit code, or rejects if it is still running after 20 s. */
function runChild(args: string[]): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child did not exit on its own; it printed: ${out}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ out, code });
    });
  });
}

async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('a process that closed its publisher exits on its own, with every event stored', async () => {
  const { out, code } = await runChild([redis.url, 'child-run']);
  assert.is(code, 0);
  assert.is(out.trim(), 'stored 24', 'run, 2 × (10 steps, epoch), done');
});

test('a process whose publisher could not connect exits on its own, with the reason', async () => {
  const port = await deadPort();
  const { out, code } = await runChild([`redis://:secret@127.0.0.1:${port}`]);
  assert.is(code, 0);
  assert.is(out.trim(), `cannot publish run unreachable to Redis: cannot connect to Redis at redis://:***@127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
  assert.not.match(out, 'secret');
});

test.run();
