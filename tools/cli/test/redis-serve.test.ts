// `gradstream serve --redis URL` as a user runs it: two replicas on one real redis-server list the same runs, give
// a watching client the same seq numbers, and a replica carries a live run through a redis-server restart with
// no seq missing and none twice. Replicas list each other in Redis: each lets the others' pages in (a foreign page
// still gets 403, the token still applies) and tells its clients when one leaves.
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registerReplica } from '@gradstream/redis';
import { firstValueFrom } from 'rxjs';
import WebSocket from 'ws';
import { upgradeStatus } from '../../../packages/monitor/test/helpers/ws-client.js';
import { runCli, startCli } from './cli.js';
import { freePort, startRedis } from '../../../packages/redis/test/helpers/redis-server.js';
import { useRedis } from './redis-fixture.js';

const fixture = useRedis(test);

interface Frame {
  type: string;
  runId?: string;
  seq?: number;
  runs?: { id: string; status: string; steps: number }[];
  replicas?: string[];
}

/** Starts `serve --redis` and resolves with its WebSocket address once it prints it. */
function replica(...args: string[]): Promise<string> {
  return startReplica(args).url;
}

function startReplica(args: string[]) {
  const child = fixture.track(startCli(['serve', '--redis', fixture.redis.url, ...args]));
  let stderr = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const m = stderr.match(/^websocket: (ws:\/\/\S+)$/m);
      if (m && stderr.includes('serving every run in')) resolve(m[1]);
    });
    child.on('close', () => reject(new Error(`serve --redis exited: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}

/** A protocol-2 client: every frame, the latest summary of each run, and the seq of each event of a watched run. */
function client(url: string) {
  const ws = new WebSocket(url);
  const frames: Frame[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame));
  const runs = () => {
    const byId = new Map<string, { status: string; steps: number }>();
    for (const f of frames) if (f.type === 'hello' || f.type === 'runs') for (const r of f.runs ?? []) byId.set(r.id, r);
    return byId;
  };
  const until = async (what: string, ok: () => boolean) => {
    for (const end = Date.now() + 30_000; !ok(); await sleep(20)) if (Date.now() > end) assert.unreachable(`${what}: ${JSON.stringify([...runs()])}`);
  };
  const seqs = (runId: string) => frames.filter((f) => f.runId === runId && typeof f.seq === 'number').map((f) => [f.seq!, f.type] as const);
  const watch = (runId: string) => ws.send(JSON.stringify({ type: 'watch', runs: [runId] }));
  return { ws, frames, runs, until, seqs, watch, opened: new Promise((r) => ws.once('open', r)) };
}

test('two serve --redis replicas list the same runs, those before and after they started, with the same seq numbers', async () => {
  const before = await runCli(['train', '--epochs', '1', '--redis', fixture.redis.url, '--run-id', 'before']);
  assert.is(before.code, 0, before.stderr);
  const [a, b] = await Promise.all([replica(), replica()]);
  const ca = client(a);
  const cb = client(b);
  await Promise.all([ca.opened, cb.opened]);
  const after = await runCli(['train', '--epochs', '2', '--lr', '0.1', '--redis', fixture.redis.url, '--run-id', 'after']);
  assert.is(after.code, 0, after.stderr);
  for (const c of [ca, cb]) await c.until('both runs done', () => c.runs().get('before')?.status === 'done' && c.runs().get('after')?.status === 'done');
  assert.equal([...ca.runs()].sort(), [...cb.runs()].sort());
  assert.equal(ca.runs().get('after')!.steps, 200);
  for (const c of [ca, cb]) c.watch('after');
  for (const c of [ca, cb]) await c.until('history of after', () => c.frames.some((f) => f.type === 'history' && f.runId === 'after'));
  const history = (c: typeof ca) => c.frames.find((f) => f.type === 'history' && f.runId === 'after') as unknown as { hello: { seq: number } };
  assert.is(history(ca).hello.seq, history(cb).hello.seq);
  assert.is(history(ca).hello.seq, 206, 'run, 200 steps, 2 explains, 2 epochs, done');
  ca.ws.close();
  cb.ws.close();
});

test('redis-server restarted while a replica serves a live run: the watching client gets every seq once, in order, to done', async () => {
  const url = await replica();
  const c = client(url);
  await c.opened;
  const train = startCli(['train', '--n', '2000', '--redis', fixture.redis.url, '--run-id', 'live', '--steps-per-second', '400']);
  const exited = new Promise<number | null>((resolve) => train.on('close', (code) => resolve(code)));
  await c.until('the live run listed', () => c.runs().has('live'));
  c.watch('live');
  await c.until('its history', () => c.frames.some((f) => f.type === 'history' && f.runId === 'live'));
  await sleep(300);
  await fixture.redis.restart(300);
  assert.is(await exited, 0);
  await c.until('the run done', () => c.seqs('live').at(-1)?.[1] === 'done');
  const first = (c.frames.find((f) => f.type === 'history' && f.runId === 'live') as unknown as { hello: { seq: number } }).hello.seq;
  const seqs = c.seqs('live').map(([seq]) => seq);
  assert.ok(seqs.length > 100, `${seqs.length} events arrived live`);
  assert.equal(seqs, Array.from({ length: 608 - first }, (_, i) => first + 1 + i));
  c.ws.close();
});

test('replicas list each other: each lets the other\'s page in, a foreign page gets 403, the token applies; a stopped replica leaves the list (its pages still let in a while)', async () => {
  const replicas = [startReplica(['--token', 'T', '--redis-prefix', 'pair:']), startReplica(['--token', 'T', '--redis-prefix', 'pair:'])];
  startReplica(['--redis-prefix', 'other:']); // another project on the same Redis
  const wsUrls = await Promise.all(replicas.map((r) => r.url));
  const pages = wsUrls.map((u) => `http://${new URL(u).host}/`);
  const c = client(wsUrls[0]!);
  const listed = () => c.frames.filter((f) => f.replicas !== undefined).at(-1)?.replicas ?? [];
  await c.until('both replicas listed', () => listed().length === 2);
  assert.equal(listed(), [...pages].sort(), 'the two of this prefix, not the other project\'s');
  const other = new URL(pages[1]!).origin;
  assert.is(await upgradeStatus(wsUrls[0]!, { origin: other }), 101, 'the other replica\'s page');
  assert.is(await upgradeStatus(wsUrls[0]!.replace(/\?.*$/, ''), { origin: other }), 401, 'without the token');
  assert.is(await upgradeStatus(wsUrls[0]!, { origin: 'http://127.0.0.1:1' }), 403, 'a page of no replica');
  const stopped = Date.now();
  replicas[1]!.child.kill('SIGTERM');
  await c.until('the stopped replica gone from the list', () => listed().length === 1);
  assert.ok(Date.now() - stopped < 5000, `removed when it stopped (${Date.now() - stopped} ms), not expired`);
  assert.equal(listed(), [pages[0]]);
  // Out of the list, its origin is still let in for 10 minutes (serveRuns' replicasKeptMs): a busy replica can miss
  // heartbeats and drop out while it still serves pages, which must fail over here (packages/monitor/test/replicas.test.ts).
  assert.is(await upgradeStatus(wsUrls[0]!, { origin: other }), 101, 'a page of a replica that left, for a while');
  c.ws.close();
});

test('--public-url needs --redis and an http(s) address', async () => {
  const alone = await runCli(['serve', '--stdin', '--public-url', 'http://a:1/']);
  assert.is(alone.stderr.trim().split('\n')[0], 'gradstream: invalid option. --public-url needs --redis URL. Value: `--public-url`.');
  const bad = await runCli(['serve', '--redis', fixture.redis.url, '--public-url', 'ftp://u:secret@a/']);
  assert.is(bad.stderr.trim().split('\n')[0], 'gradstream: invalid option. --public-url must be an http:// or https:// address such as http://10.0.0.7:8080/, without credentials. Value: `ftp://***@a/`.');
});

test('serve --redis prints its lines once Redis lists the replica; unreachable (a line after 1 s says where it connects) or refusing the password, exit 1 and the reason', async () => {
  const good = startReplica(['--redis-prefix', 'order:']);
  const page = `http://${new URL(await good.url).host}/`;
  for (const end = Date.now() + 10_000; !good.stderr().includes('\nreplica: '); await sleep(10)) if (Date.now() > end) assert.unreachable(good.stderr());
  // Listed before it said so: another replica's first list already names it.
  const listed = await firstValueFrom(registerReplica(fixture.redis.url, 'http://127.0.0.1:9/', { prefix: 'order:' }));
  assert.ok(listed.includes(page), `${page} in ${JSON.stringify(listed)}`);
  const ws = page.replace('http:', 'ws:');
  assert.is(
    good.stderr(),
    `dashboard: ${page}\nwebsocket: ${ws}\nserving every run in ${fixture.redis.url} under the prefix order:, and runs started later\n` +
      `replica: ${page} (listed in Redis: pages of a replica that dies fail over to another)\n`,
  );
  good.child.kill('SIGTERM');

  const port = await freePort();
  const down = await runCli(['serve', '--redis', `redis://u:secret@127.0.0.1:${port}`]);
  assert.is(down.code, 1);
  // Refused connections are retried for 5 s: after 1 s a line says where it connects.
  assert.is(
    down.stderr,
    `gradstream: connecting to Redis at redis://u:***@127.0.0.1:${port} … (gives up after 5 s)\n` +
      `gradstream: cannot connect to Redis at redis://u:***@127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`,
  );
  const locked = await startRedis({ password: 'pw' });
  try {
    const refused = await runCli(['serve', '--redis', locked.url.replace(':pw@', ':wrong@')]);
    assert.is(refused.code, 1);
    assert.is(refused.stderr, `gradstream: cannot connect to Redis at redis://:***@127.0.0.1:${locked.port}: WRONGPASS invalid username-password pair or user is disabled.\n`);
  } finally {
    await locked.stop();
  }
});

test('a serve --redis replica killed with SIGKILL leaves the other\'s list 3–5 s later (heartbeat 1 s, ttl 4 s; it was 4–8 s)', async () => {
  const [live, dying] = [startReplica(['--redis-prefix', 'kill:']), startReplica(['--redis-prefix', 'kill:'])];
  const c = client(await live.url);
  await dying.url;
  const listed = () => c.frames.filter((f) => f.replicas !== undefined).at(-1)?.replicas ?? [];
  await c.until('both replicas listed', () => listed().length === 2);
  const killed = Date.now();
  dying.child.kill('SIGKILL');
  await c.until('the killed replica gone from the list', () => listed().length === 1);
  const gone = Date.now() - killed;
  console.log(`a replica killed with SIGKILL left the other's list ${gone} ms later`);
  // Its last beat was at most 1 s before the kill; it is removed by the first beat of the other past 4 s after it.
  assert.ok(gone >= 2900 && gone < 6000, `dropped ${gone} ms after SIGKILL`);
  assert.equal(listed(), [`http://${new URL(await live.url).host}/`]);
  c.ws.close();
});

test.run();
