/**
 * A real `redis-server` for tests and benchmarks: Debian's binary on a free loopback port, in a temporary
 * directory, with `appendonly yes` (so a restart keeps what was written), stopped with SIGTERM afterwards.
 * No mock: the tests talk to the engine that production uses.
 *
 * Debian's redis-server 7.0 cannot take port 0, so a free port is found by binding a `net` server to port 0
 * and closing it. The server is ready when it answers `PING`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:PORT` (with `user:pass@` when started with a password). */
  readonly url: string;
  /** The data directory (the append-only file lives here). */
  readonly dir: string;
  /** SIGTERM (Redis writes its AOF and exits), then start again on the same port and directory. */
  restart(downMs?: number): Promise<void>;
  /** SIGTERM and wait for the exit, then remove the directory. */
  stop(): Promise<void>;
  /** SIGTERM and wait for the exit, keeping the directory (to start again with `start()`). */
  halt(): Promise<void>;
  start(): Promise<void>;
}

export interface StartRedisOptions {
  /** Require this password (`requirepass`) for the default user. */
  password?: string;
}

/** A free TCP port on 127.0.0.1, as the kernel hands one out for port 0. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Starts a redis-server and resolves once it answers PING. */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'gradstream-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--daemonize', 'no', '--loglevel', 'warning'];
  if (options.password !== undefined) args.push('--requirepass', options.password);
  // A test process that exits without its after hook (a failure, process.exit) takes its server with it.
  const orphan = () => child?.kill('SIGKILL');
  process.once('exit', orphan);
  const start = async () => {
    child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    await untilAnswers(port, options.password);
  };
  const halt = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = once(c, 'exit');
    c.kill('SIGTERM');
    await exited;
  };
  await start();
  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    dir,
    start,
    halt,
    async restart(downMs = 0) {
      await halt();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    async stop() {
      process.off('exit', orphan);
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sends PING (after AUTH when a password is set) every 20 ms until the reply is +PONG; gives up after 10 s. */
async function untilAnswers(port: number, password: string | undefined): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await pings(port, password)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within 10 s`);
}

function pings(port: number, password: string | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let reply = '';
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(reply.includes('+PONG')));
    socket.on('connect', () => socket.write(`${password === undefined ? '' : `AUTH ${password}\r\n`}PING\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('+PONG') || reply.includes('-')) socket.end();
    });
  });
}
