// serveRuns with replicas (what `gradstream serve --redis` runs), over a real ws server on 127.0.0.1 with real ws
// clients and raw upgrades: the hello lists the replicas' dashboard addresses and a changed list is announced live;
// the gate lets in the registered replicas' origins (and their host names) and only those — a foreign origin, or a
// replica's once it has left the list, still gets 403 — and the token still applies to a replica's page.
import { BehaviorSubject, Subject } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TaggedEvent } from '@gradstream/events';
import { serveRuns, type RunsHelloFrame, type RunsReplicasFrame } from '../src/index.js';
import { connect, roundTrip, upgradeStatus } from './helpers/ws-client.js';

const A = 'http://10.0.0.6:8080/';
const B = 'http://replica-b.example:9090/';

test('the hello lists the replicas; a changed list comes as a replicas frame, an unchanged one as nothing', async () => {
  const replicas = new BehaviorSubject<readonly string[]>([A, B]);
  const server = await serveRuns(new Subject<TaggedEvent>(), { replicas });
  const plain = await serveRuns(new Subject<TaggedEvent>());
  try {
    const client = await connect(server.wsUrl);
    const hello = (await client.waitFor((f) => f.type === 'hello')) as unknown as RunsHelloFrame;
    assert.equal(hello.replicas, [A, B]);
    replicas.next([A, B]);
    replicas.next(['ftp://nope.example/', A]);
    const changed = (await client.waitFor((f) => (f.type as string) === 'replicas')) as unknown as RunsReplicasFrame;
    assert.equal(changed, { type: 'replicas', replicas: [A] });
    await roundTrip(client);
    assert.is(client.frames.filter((f) => (f.type as string) === 'replicas').length, 1, 'the same list twice is announced once');
    await client.close();
    const other = await connect(plain.wsUrl);
    const plainHello = (await other.waitFor((f) => f.type === 'hello')) as unknown as RunsHelloFrame;
    assert.not.ok('replicas' in plainHello, 'a monitor without replicas says nothing of them');
    await other.close();
  } finally {
    await Promise.all([server.close(), plain.close()]);
  }
});

test('a registered replica\'s origin may upgrade, and its host name is accepted; a foreign origin, or one that left the list (replicasKeptMs 0), gets 403', async () => {
  const replicas = new BehaviorSubject<readonly string[]>([A, B]);
  const server = await serveRuns(new Subject<TaggedEvent>(), { replicas, token: 'tok', replicasKeptMs: 0 });
  const ws = server.wsUrl;
  try {
    assert.is(await upgradeStatus(ws, { origin: 'http://10.0.0.6:8080' }), 101);
    assert.is(await upgradeStatus(ws, { origin: 'http://replica-b.example:9090', headers: { host: 'replica-b.example:9090' } }), 101, 'a replica\'s host name in Host');
    assert.is(await upgradeStatus(`ws://127.0.0.1:${server.port}/`, { origin: 'http://10.0.0.6:8080' }), 401, 'the token still applies');
    for (const origin of ['http://10.0.0.6:8081', 'https://10.0.0.6:8080', 'http://evil.example', 'null']) assert.is(await upgradeStatus(ws, { origin }), 403, origin);
    assert.is(await upgradeStatus(ws, { headers: { host: 'evil.example:9090' } }), 403, 'a foreign Host (DNS rebinding)');
    replicas.next([A]);
    await new Promise((r) => setTimeout(r, 10));
    assert.is(await upgradeStatus(ws, { origin: 'http://replica-b.example:9090' }), 403, 'B left the list');
    assert.is(await upgradeStatus(ws, { origin: 'http://10.0.0.6:8080' }), 101);
    replicas.next(['http://127.0.0.1:7001/']);
    await new Promise((r) => setTimeout(r, 10));
    for (const origin of ['http://127.0.0.1:7001', 'http://localhost:7001', 'http://[::1]:7001']) assert.is(await upgradeStatus(ws, { origin }), 101, `${origin}: a loopback name stands for all three`);
    assert.is(await upgradeStatus(ws, { origin: 'http://localhost:7002' }), 403, 'another port');
  } finally {
    await server.close();
  }
});

test('replicas must be an Observable', async () => {
  try {
    await serveRuns(new Subject<TaggedEvent>(), { replicas: [A] as never });
    assert.unreachable('accepted an array');
  } catch (err) {
    assert.is((err as Error).message, 'invalid argument. replicas must be an Observable of dashboard addresses. Value: `http://10.0.0.6:8080/`.');
  }
});

test('a replica that dropped out of the list (a busy one misses its heartbeats) still passes the gate for replicasKeptMs', async () => {
  const replicas = new BehaviorSubject<readonly string[]>([A, B]);
  const server = await serveRuns(new Subject<TaggedEvent>(), { replicas, replicasKeptMs: 60_000 });
  try {
    const client = await connect(server.wsUrl);
    await client.waitFor((f) => f.type === 'hello');
    replicas.next([A]);
    const changed = (await client.waitFor((f) => (f.type as string) === 'replicas')) as unknown as RunsReplicasFrame;
    assert.equal(changed.replicas, [A], 'pages are told the current list');
    assert.is(await upgradeStatus(server.wsUrl, { origin: 'http://replica-b.example:9090' }), 101, 'B, out of the list, is still let in');
    await client.close();
  } finally {
    await server.close();
  }
  const refused = await serveRuns(new Subject<TaggedEvent>(), { replicasKeptMs: -1 }).then(() => undefined, (err: unknown) => err);
  assert.is(String(refused), 'RangeError: invalid argument. replicasKeptMs must be a non-negative integer. Value: `-1`.');
});

test.run();
