// The dashboard's choice of monitor after a lost socket (dashboard/src/replica-rotation.ts, DOM-free): its own first,
// then every other replica at once, then a backed-off round (each wait with a random 0–50% added); the one that
// opened comes first next time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ReplicaRotation } from '../dashboard/src/replica-rotation.js';

/** `[wait ms, address]` of each of `n` failed attempts after a lost socket. */
function attempts(rotation: ReplicaRotation, n: number): [number, string][] {
  const out: [number, string][] = [[rotation.lost(), rotation.url]];
  while (out.length < n) out.push([rotation.failed(), rotation.url]);
  return out;
}

test('without replicas: the one address, waiting 500 ms, 1 s, 2 s, 4 s, then 5 s at most', () => {
  const rotation = new ReplicaRotation('ws://127.0.0.1:8080/', () => 0);
  assert.equal(attempts(rotation, 6).map(([ms]) => ms), [500, 1000, 2000, 4000, 5000, 5000]);
  assert.is(rotation.url, 'ws://127.0.0.1:8080/');
});

test('with replicas: its own monitor, then the others at once, then a new round later; an opened one leads the next round', () => {
  const rotation = new ReplicaRotation('ws://10.0.0.6:8080/', () => 0);
  rotation.known(['http://10.0.0.6:8080/', 'https://b.example/', 'http://10.0.0.8:8080/', 'file:///etc/passwd']);
  assert.equal(attempts(rotation, 7), [
    [500, 'ws://10.0.0.6:8080/'],
    [0, 'wss://b.example/'],
    [0, 'ws://10.0.0.8:8080/'],
    [1000, 'ws://10.0.0.6:8080/'],
    [0, 'wss://b.example/'],
    [0, 'ws://10.0.0.8:8080/'],
    [2000, 'ws://10.0.0.6:8080/'],
  ]);
  rotation.failed();
  rotation.failed();
  assert.is(rotation.url, 'ws://10.0.0.8:8080/');
  rotation.opened();
  rotation.known(['http://10.0.0.6:8080/', 'http://10.0.0.8:8080/']);
  assert.equal(attempts(rotation, 4), [
    [500, 'ws://10.0.0.8:8080/'],
    [0, 'ws://10.0.0.6:8080/'],
    [0, 'wss://b.example/'], // no longer listed, still a candidate, after the listed ones
    [1000, 'ws://10.0.0.8:8080/'],
  ]);
});

test('a replica that dropped out of the list (a busy one missing its heartbeats) is still tried when the page loses its own', () => {
  const rotation = new ReplicaRotation('ws://127.0.0.1:8001/', () => 0);
  rotation.known(['http://127.0.0.1:8001/', 'http://127.0.0.1:8002/']);
  rotation.known(['http://127.0.0.1:8001/']);
  assert.equal(attempts(rotation, 3), [
    [500, 'ws://127.0.0.1:8001/'],
    [0, 'ws://127.0.0.1:8002/'],
    [1000, 'ws://127.0.0.1:8001/'],
  ]);
  const many = new ReplicaRotation('ws://10.0.0.1:80/', () => 0);
  for (let i = 2; i < 40; i++) many.known([`http://10.0.0.${i}:80/`]);
  assert.is(attempts(many, 18).filter(([ms]) => ms === 0).length, 16, 'at most 16 others are kept');
});

test('each wait is lengthened by a random 0–50% of itself; moving to the next replica stays immediate', () => {
  const highest = new ReplicaRotation('ws://127.0.0.1:8080/', () => 0.999999);
  assert.equal(attempts(highest, 6).map(([ms]) => ms), [750, 1500, 3000, 6000, 7500, 7500]);
  const waits: number[] = [];
  for (let page = 0; page < 200; page++) {
    const rotation = new ReplicaRotation('ws://10.0.0.6:8080/');
    rotation.known(['http://10.0.0.6:8080/', 'http://10.0.0.7:8080/']);
    const [[lost], [next]] = attempts(rotation, 2);
    assert.is(next, 0);
    waits.push(lost);
  }
  assert.ok(waits.every((ms) => ms >= 500 && ms <= 750), `within 500–750 ms: ${Math.min(...waits)}–${Math.max(...waits)}`);
  // 200 pages of one dead replica: spread over the range, not one instant (the Math.random draws are real).
  assert.ok(Math.max(...waits) - Math.min(...waits) > 150, `spread ${Math.min(...waits)}–${Math.max(...waits)} ms`);
  assert.ok(new Set(waits).size > 50, `${new Set(waits).size} distinct waits`);
});

test.run();
