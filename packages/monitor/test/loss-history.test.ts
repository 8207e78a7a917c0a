import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LossHistory } from '../src/index.js';

/** Reference: min/max/last/first of the losses inside each bucket's step range, computed from scratch. */
function reference(losses: number[], from: number, to: number) {
  const slice = losses.slice(from - 1, to);
  return { min: Math.min(...slice), max: Math.max(...slice), last: slice[slice.length - 1], first: slice[0] };
}

test('buckets cover every step once, in order, and hold the min, max and last of their range', () => {
  for (const size of [1, 2, 3, 7, 64]) {
    const h = new LossHistory(size);
    const losses = Array.from({ length: 1000 }, (_, i) => Math.sin(i * 0.37) + 2 / (i + 1));
    losses.forEach((loss, i) => h.add(i + 1, loss));
    const buckets = h.buckets();
    assert.ok(buckets.length <= size, `size ${size}: ${buckets.length} buckets`);
    assert.ok(buckets.length > size / 2, `size ${size}: only ${buckets.length} buckets`);
    assert.is(buckets[0].fromStep, 1);
    assert.is(buckets[buckets.length - 1].toStep, 1000);
    for (const [i, b] of buckets.entries()) {
      if (i > 0) assert.is(b.fromStep, buckets[i - 1].toStep + 1);
      assert.equal({ min: b.min, max: b.max, last: b.last, first: b.first }, reference(losses, b.fromStep, b.toStep));
    }
  }
});

test('a one-step spike survives downsampling into few buckets', () => {
  const h = new LossHistory(8);
  for (let s = 1; s <= 5000; s++) h.add(s, s === 4321 ? 1e6 : 1 / s);
  const spike = h.buckets().find((b) => b.fromStep <= 4321 && 4321 <= b.toStep);
  assert.is(spike?.max, 1e6);
});

test('the hand-computed example of the doc comment', () => {
  const h = new LossHistory(4);
  for (let s = 1; s <= 10; s++) h.add(s, s === 7 ? 100 : 1 / s);
  assert.equal(h.buckets(), [
    { fromStep: 1, toStep: 4, min: 1 / 4, max: 1, last: 1 / 4, first: 1 },
    { fromStep: 5, toStep: 8, min: 1 / 8, max: 100, last: 1 / 8, first: 1 / 5 },
    { fromStep: 9, toStep: 10, min: 1 / 10, max: 1 / 9, last: 1 / 10, first: 1 / 9 },
  ]);
});

test('non-finite losses are skipped and clear() starts over', () => {
  const h = new LossHistory(4);
  h.add(1, 0.5);
  h.add(2, NaN);
  h.add(3, Infinity);
  assert.equal(h.buckets(), [{ fromStep: 1, toStep: 1, min: 0.5, max: 0.5, last: 0.5, first: 0.5 }]);
  h.clear();
  assert.equal(h.buckets(), []);
});

test('historySize must be a positive integer', () => {
  assert.throws(() => new LossHistory(0), (err: Error) => err.message === 'invalid argument. historySize must be a positive integer. Value: `0`.');
});

test.run();
