import { from, lastValueFrom, range, tap, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { shuffleBuffer } from '../src/index.js';

const shuffled = (n: number, size: number, seed: number) => lastValueFrom(range(0, n).pipe(shuffleBuffer(size, seed), toArray()));
const identity = (n: number) => Array.from({ length: n }, (_, i) => i);

test('every value comes out exactly once', async () => {
  for (const size of [1, 3, 64, 1000, 5000]) {
    const out = await shuffled(1000, size, 7);
    assert.equal([...out].sort((a, b) => a - b), identity(1000), `size ${size}`);
  }
});

test('seeded and cold: the same seed replays, another seed differs; size 1 keeps the order', async () => {
  const source = range(0, 100).pipe(shuffleBuffer(10, 3));
  assert.equal(await lastValueFrom(source.pipe(toArray())), await lastValueFrom(source.pipe(toArray())));
  assert.not.equal(await shuffled(100, 10, 3), await shuffled(100, 10, 4));
  assert.equal(await shuffled(100, 1, 3), identity(100));
});

test('bounded: never more than `size` values held; a value moves at most `size` places earlier', async () => {
  const size = 16;
  let received = 0;
  let emitted = 0;
  let maxHeld = 0;
  const out = await lastValueFrom(
    range(0, 10_000).pipe(
      tap(() => received++),
      shuffleBuffer(size, 1),
      tap(() => {
        emitted++;
        maxHeld = Math.max(maxHeld, received - emitted + 1);
      }),
      toArray(),
    ),
  );
  assert.is(maxHeld, size + 1, 'the buffer plus the value being swapped in');
  out.forEach((value, position) => assert.ok(value <= position + size, `value ${value} at ${position}`));
  assert.ok(out.some((value, position) => value < position - 100), 'values can fall far behind (they wait in the buffer)');
});

test('with size ≥ the stream length it is a uniform shuffle (chi-square over positions)', async () => {
  const n = 5;
  const draws = 4000;
  const counts = new Float64Array(n * n);
  for (let seed = 0; seed < draws; seed++) {
    const out = await shuffled(n, n, seed);
    out.forEach((value, position) => counts[value * n + position]++);
  }
  const expected = draws / n;
  let chi2 = 0;
  for (const c of counts) chi2 += (c - expected) ** 2 / expected;
  // 16 degrees of freedom: P(chi2 > 39.25) = 0.001.
  assert.ok(chi2 < 39.25, `chi2 = ${chi2}`);
});

test('errors pass through; arguments are validated', async () => {
  const failing = from([1, 2, 3]).pipe(
    tap((v) => {
      if (v === 3) throw new Error('boom');
    }),
  );
  try {
    await lastValueFrom(failing.pipe(shuffleBuffer(2, 1)));
    assert.unreachable();
  } catch (err) {
    assert.is((err as Error).message, 'boom');
  }
  assert.throws(() => shuffleBuffer(0, 1), (e: Error) => e.message === 'invalid argument. size must be a positive integer. Value: `0`.');
  assert.throws(() => shuffleBuffer(4, -2), (e: Error) => e.message === 'invalid argument. seed must be an integer between 0 and 4294967295. Value: `-2`.');
});

test.run();
