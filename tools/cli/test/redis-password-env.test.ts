// A Redis password in GRADSTREAM_REDIS_PASSWORD instead of the command line (where `ps` shows it to every user): train,
// serve and worker use it against a real redis-server with requirepass, a URL's own password wins, a wrong or missing
// one fails saying so, and the password is printed nowhere. A connection that hangs (a server that accepts and never
// answers) prints where it connects after about a second, before its failure.
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fromRedis } from '@gradstream/redis';
import { lastValueFrom, toArray } from 'rxjs';
import { startRedis, type RedisServer } from '../../../packages/redis/test/helpers/redis-server.js';
import { CHILD_ENV, startCli, type CliResult } from './cli.js';

const SECRET = 'env-pa55:w@rd';
const WRONG = 'wr0ng-env-pw';
const RUN = 'lr=0.03,bs=10,seed=42';
let redis: RedisServer;
const bare = () => `redis://127.0.0.1:${redis.port}`;
const leaks = (text: string) => [SECRET, encodeURIComponent(SECRET), WRONG].some((s) => text.includes(s));

test.before(async () => {
  redis = await startRedis({ password: SECRET });
});
test.after(async () => {
  await redis.stop();
});

interface Run extends CliResult {
  /** /proc/<pid>/cmdline of the child (NUL-separated arguments), read once it has started (spawn returns after exec). */
  cmdline: string;
  /** Milliseconds from the start to each stderr line. */
  lines: { ms: number; text: string }[];
}

/** Runs the bin with `env` added to the children's environment; `until` (a stderr test) ends it with SIGTERM. */
function run(args: string[], env: Record<string, string | undefined>, until?: (stderr: string) => boolean): Promise<Run> {
  const child = startCli(args, { env: { ...CHILD_ENV, GRADSTREAM_REDIS_PASSWORD: undefined, ...env } });
  const started = performance.now();
  const out: Run = { code: null, signal: null, stdout: '', stderr: '', cmdline: '', lines: [] };
  out.cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
  child.stdin!.end();
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out.stdout += d;
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    out.stderr += d;
    for (const text of d.split('\n').filter(Boolean)) out.lines.push({ ms: performance.now() - started, text });
    if (until?.(out.stderr)) child.kill('SIGTERM');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ...out, code, signal });
    }),
  );
}

test('train --redis URL without a password publishes with GRADSTREAM_REDIS_PASSWORD, which is not in its command line', async () => {
  const r = await run(['train', '--epochs', '1', '--redis', bare()], { GRADSTREAM_REDIS_PASSWORD: SECRET });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, `\nredis: run ${RUN} in redis://:***@127.0.0.1:${redis.port}: 104 events stored\n`);
  assert.is(r.stderr, '');
  assert.not.ok(leaks(r.stdout + r.stderr));
  assert.ok(r.cmdline.endsWith(`${['train', '--epochs', '1', '--redis', bare()].join('\0')}\0`), r.cmdline);
  assert.not.ok(leaks(r.cmdline), r.cmdline);
  // The run is in Redis: read back with the password in the URL.
  const events = await lastValueFrom(fromRedis(redis.url, RUN).pipe(toArray()));
  assert.is(events.length, 104);
  assert.equal([events[0]!.type, events.at(-1)!.type], ['run', 'done']);
});

test('a wrong password in the environment fails with exit 1 and WRONGPASS, naming the variable; no password at all names it too', async () => {
  const refused = `cannot connect to Redis at redis://:***@127.0.0.1:${redis.port}: WRONGPASS invalid username-password pair or user is disabled.`;
  const fromEnv = ' (the password came from GRADSTREAM_REDIS_PASSWORD: the --redis URL has none)\n';
  // A connection slower than a second (a loaded machine, the publishing thread's start through tsx) prints a notice first.
  const failure = (r: Run) => r.stderr.replace(/^gradstream: connecting to Redis at .*\n/, '');
  const wrong = await run(['train', '--epochs', '1', '--redis', bare()], { GRADSTREAM_REDIS_PASSWORD: WRONG });
  assert.is(wrong.code, 1);
  assert.is(wrong.stdout, '');
  assert.is(failure(wrong), `gradstream: cannot publish run ${RUN} to Redis: ${refused}${fromEnv}`);
  assert.not.ok(leaks(wrong.stderr));
  const wrongSweep = await run(['sweep', '--lr', '0.1', '--detach', '--redis', bare()], { GRADSTREAM_REDIS_PASSWORD: WRONG });
  assert.is(wrongSweep.code, 1);
  assert.is(failure(wrongSweep), `gradstream: ${refused}${fromEnv}`);
  // A wrong password written in the URL is the URL's: no word about the variable.
  const inUrl = await run(['train', '--epochs', '1', '--redis', `redis://:${WRONG}@127.0.0.1:${redis.port}`], {});
  assert.is(inUrl.code, 1);
  assert.is(failure(inUrl), `gradstream: cannot publish run ${RUN} to Redis: ${refused}\n`);
  assert.not.ok(leaks(inUrl.stderr));
  const hint = '(this server needs a password: set GRADSTREAM_REDIS_PASSWORD, or write it in the URL before the host, :PASSWORD@ or USER:PASSWORD@)\n';
  const none = await run(['train', '--epochs', '1', '--redis', bare()], {});
  assert.is(none.code, 1);
  assert.is(none.stdout, '');
  assert.ok(none.stderr.startsWith(`gradstream: cannot publish run ${RUN} to Redis: cannot connect to Redis at ${bare()}: NOAUTH `), none.stderr);
  assert.ok(none.stderr.endsWith(hint), none.stderr);
  const sweep = await run(['sweep', '--lr', '0.1', '--detach', '--redis', bare()], { GRADSTREAM_REDIS_PASSWORD: '' });
  assert.is(sweep.code, 1);
  assert.ok(sweep.stderr.startsWith(`gradstream: cannot connect to Redis at ${bare()}: NOAUTH `), sweep.stderr);
  assert.ok(sweep.stderr.endsWith(hint), sweep.stderr);
});

test('a URL with its own password keeps it: a wrong one in the environment is not used', async () => {
  const r = await run(['train', '--epochs', '1', '--redis', redis.url], { GRADSTREAM_REDIS_PASSWORD: WRONG });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, `\nredis: run ${RUN} in redis://:***@127.0.0.1:${redis.port}: 0 events stored, 104 already there\n`);
  assert.not.ok(leaks(r.stdout + r.stderr));
});

test('serve --redis and worker --redis connect with the password from the environment; sweep --detach enqueues with it', async () => {
  const env = { GRADSTREAM_REDIS_PASSWORD: SECRET };
  const [serve, worker] = await Promise.all([
    run(['serve', '--redis', bare(), '--port', '0'], env, (s) => s.includes('\nreplica: ')),
    run(['worker', '--redis', bare(), '--name', 'w'], env, (s) => s.includes('waiting for jobs')),
  ]);
  assert.is(serve.code, 143, serve.stderr);
  assert.match(serve.stderr, `\nserving every run in redis://:***@127.0.0.1:${redis.port}, and runs started later\n`);
  assert.not.ok(leaks(serve.stderr + serve.cmdline));
  assert.is(worker.code, 143, worker.stderr);
  assert.is(worker.stderr, 'worker w: 1 slot, waiting for jobs\n');
  assert.not.ok(leaks(worker.cmdline));
  const sweep = await run(['sweep', '--lr', '0.1', '--detach', '--redis', bare()], env);
  assert.is(sweep.code, 0, sweep.stderr);
  assert.match(sweep.stderr, `sweep: 1 run as jobs in redis://:***@127.0.0.1:${redis.port} (1 new)`);
  assert.not.ok(leaks(sweep.stdout + sweep.stderr));
});

test('a server that accepts and never answers: after about a second the command says where it connects, then fails (exit 1)', async () => {
  const sockets: Socket[] = [];
  const silent = createServer((s) => void sockets.push(s));
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  const url = `redis://127.0.0.1:${(silent.address() as { port: number }).port}`;
  try {
    const env = { GRADSTREAM_REDIS_PASSWORD: SECRET };
    const commands = { train: ['train', '--epochs', '1'], worker: ['worker'], sweep: ['sweep', '--lr', '0.1', '--detach'] };
    const runs = await Promise.all(Object.values(commands).map((args) => run([...args, '--redis', url], env)));
    for (const [i, r] of runs.entries()) {
      const name = Object.keys(commands)[i]!;
      const failure = `gradstream: ${name === 'train' ? `cannot publish run ${RUN} to Redis: ` : ''}cannot connect to Redis at redis://:***@127.0.0.1:`;
      assert.is(r.code, 1, r.stderr);
      assert.is(r.lines.length, 2, r.stderr);
      assert.is(r.lines[0]!.text, `gradstream: connecting to Redis at ${url.replace('//', '//:***@')} … (gives up after 5 s)`);
      assert.ok(r.lines[0]!.ms >= 1000, `notice after ${r.lines[0]!.ms} ms`);
      assert.ok(r.lines[1]!.text.startsWith(failure), r.lines[1]!.text);
      assert.ok(r.lines[1]!.text.endsWith(': no answer within 5000 ms'), r.lines[1]!.text);
      assert.not.ok(leaks(r.stderr));
      console.log(`  ${name}: notice ${r.lines[0]!.ms.toFixed(0)} ms after the start, ${(r.lines[1]!.ms - r.lines[0]!.ms).toFixed(0)} ms before the failure`);
    }
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});

test.run();
