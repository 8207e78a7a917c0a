// The one bucketed history the server's hello and the page's charts share: each bucket checked
// against a brute-force reference over the steps it holds, the grid and gap rule, and the property
// that makes server and page agree — loading the server's buckets and adding the live steps gives the
// very buckets the server has after those steps.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BucketHistory, EvenSample } from '../src/index.js';

/** The losses and two parameters of a made-up run: a fast initial drop, noise, and a planted spike. */
const rowAt = (s: number): number[] => [s === 4321 ? 1e6 : 10 * Math.exp(-s / 50) + 0.01 * (1 + Math.sin(s * 1.7)), 2 - 2 * Math.exp(-s / 300), Math.cos(s / 40)];

function filled(capacity: number, steps: number[]): BucketHistory {
  const h = new BucketHistory({ capacity, columns: 3 });
  for (const s of steps) h.add(s, rowAt(s));
  return h;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Every bucket as plain numbers, to compare histories. */
const dump = (h: BucketHistory) => Array.from({ length: h.length }, (_, i) => ({ ...h.bucket(i), steps: h.steps(i), cell: h.cell(i) }));

test('buckets cover every step once, in order, within capacity, and hold the first, min, max and last of their steps per column', () => {
  for (const capacity of [1, 2, 3, 7, 64, 512]) {
    const steps = range(1, 5000);
    const h = filled(capacity, steps);
    assert.ok(h.length <= capacity && h.length >= capacity / 2, `capacity ${capacity}: ${h.length} buckets`);
    assert.is(h.fromStep(0), 1);
    assert.is(h.toStep(h.length - 1), 5000);
    for (let i = 0; i < h.length; i++) {
      if (i > 0) assert.is(h.fromStep(i), h.toStep(i - 1) + 1);
      assert.not.ok(h.gapBefore(i), 'consecutive buckets are not a gap');
      const rows = range(h.fromStep(i), h.toStep(i)).map(rowAt);
      assert.is(h.steps(i), rows.length);
      for (let j = 0; j < 3; j++) {
        const col = rows.map((r) => r[j]);
        assert.equal([h.first(i, j), h.min(i, j), h.max(i, j), h.last(i, j)], [col[0], Math.min(...col), Math.max(...col), col[col.length - 1]], `bucket ${i} column ${j}`);
      }
    }
  }
});

test('the initial drop and a one-step spike survive downsampling to 8 buckets; memory stays at capacity for a million steps', () => {
  const h = filled(8, range(1, 1_000_000));
  assert.ok(h.length <= 8);
  assert.is(h.first(0, 0), rowAt(1)[0], 'the first bucket starts at step 1 with its loss');
  assert.ok(h.max(0, 0) >= rowAt(1)[0]);
  assert.ok(h.min(h.length - 1, 0) < 0.03);
  const spike = Array.from({ length: h.length }, (_, i) => i).find((i) => h.fromStep(i) <= 4321 && 4321 <= h.toStep(i))!;
  assert.is(h.max(spike, 0), 1e6);
  // The grid's width is the smallest power of two with at most 8 cells over the run.
  assert.is(h.width, 131072);
});

test('the hand-computed example: capacity 4, steps 1 to 10 with a spike at 7', () => {
  const h = new BucketHistory({ capacity: 4, columns: 1 });
  for (let s = 1; s <= 10; s++) h.add(s, [s === 7 ? 100 : 1 / s]);
  assert.is(h.width, 4);
  assert.equal(dump(h), [
    { fromStep: 1, toStep: 4, first: [1], min: [1 / 4], max: [1], last: [1 / 4], steps: 4, cell: 0 },
    { fromStep: 5, toStep: 8, first: [1 / 5], min: [1 / 8], max: [100], last: [1 / 8], steps: 4, cell: 1 },
    { fromStep: 9, toStep: 10, first: [1 / 9], min: [1 / 10], max: [1 / 9], last: [1 / 10], steps: 2, cell: 2 },
  ]);
});

test('a page that loads the server\'s buckets and adds the live steps holds exactly the server\'s buckets (one rule, both sides)', () => {
  for (const [capacity, joinAt] of [[64, 1000], [64, 37], [512, 20_000], [5, 999]]) {
    const server = filled(capacity, range(1, joinAt));
    const page = new BucketHistory({ capacity, columns: 3 });
    page.load(server.width, dump(server));
    assert.equal(dump(page), dump(server), 'the hello loads as sent');
    for (const s of range(joinAt + 1, 30_000)) {
      server.add(s, rowAt(s));
      page.add(s, rowAt(s));
    }
    assert.equal(dump(page), dump(server), `capacity ${capacity}, joined at ${joinAt}`);
  }
});

test('steps nobody saw are a gap of whole cells; a hole narrower than a cell is not', () => {
  const h = filled(64, [...range(1, 10), ...range(15, 20), ...range(50, 60)]);
  assert.is(h.width, 1);
  const gapsAt = () => Array.from({ length: h.length }, (_, i) => i).filter((i) => h.gapBefore(i)).map((i) => [h.toStep(i - 1), h.fromStep(i)]);
  assert.equal(gapsAt(), [[10, 15], [20, 50]]);
  // 200 cells of one step do not fit 64: the width grows to 4. The hole 11–14 then lies inside cells
  // 9–12 and 13–16, which both hold steps: at that resolution it is not a gap; 21–49 still is.
  for (const s of range(61, 200)) h.add(s, rowAt(s));
  assert.is(h.width, 4);
  assert.equal(gapsAt(), [[20, 50]]);
  assert.ok(Array.from({ length: h.length }, (_, i) => h.steps(i)).reduce((a, b) => a + b) === 10 + 6 + 151);
});

test('step 0 (the initial parameters) is its own cell before step 1, at every width', () => {
  const h = new BucketHistory({ capacity: 16, columns: 2 });
  h.add(0, [0.5, -1]);
  for (const s of range(1, 1000)) h.add(s, [s, -s]);
  assert.equal(h.bucket(0), { fromStep: 0, toStep: 0, first: [0.5, -1], min: [0.5, -1], max: [0.5, -1], last: [0.5, -1] });
  assert.is(h.fromStep(1), 1);
  assert.not.ok(h.gapBefore(1));
});

test('non-finite values stay out of a column, resent steps are ignored, clear() starts over', () => {
  const h = new BucketHistory({ capacity: 4, columns: 2 });
  h.add(1, [NaN, 1]);
  h.add(2, [Infinity, 2]);
  assert.ok(Number.isNaN(h.min(0, 0)) && Number.isNaN(h.first(0, 0)));
  assert.is(h.add(2, [5, 5]), false);
  h.add(3, [0.25, 3]);
  assert.equal([h.length, h.min(2, 0), h.last(2, 1)], [3, 0.25, 3]);
  h.clear();
  assert.equal([h.length, h.width], [0, 1]);
});

test('load widens a grid whose buckets straddle cells (a server that downsampled by another rule) and trims to capacity', () => {
  const h = new BucketHistory({ capacity: 4, columns: 1 });
  const b = (from: number, to: number) => ({ fromStep: from, toStep: to, first: [from], min: [from], max: [to], last: [to] });
  // Buckets of 3 steps: 4–6 straddles every grid up to width 8, 7–9 straddles width 8; at 16 all fit one cell.
  h.load(1, [b(1, 3), b(4, 6), b(7, 9), b(10, 12)]);
  assert.is(h.width, 16);
  assert.equal(dump(h).map((x) => [x.fromStep, x.toStep, x.first[0], x.min[0], x.max[0], x.last[0], x.steps]), [[1, 12, 1, 1, 12, 12, 12]]);
  // Ten one-step buckets into capacity 4: width 4, cells 1–4, 5–8, 9–10.
  h.load(1, range(1, 10).map((s) => b(s, s)));
  assert.equal([h.width, dump(h).map((x) => [x.fromStep, x.toStep])], [4, [[1, 4], [5, 8], [9, 10]]]);
});

test('arguments are checked with the argument, the rule and the value', () => {
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  assert.is(message(() => new BucketHistory({ capacity: 0, columns: 1 })), 'invalid argument. capacity must be a positive integer. Value: `0`.');
  assert.is(message(() => new BucketHistory({ capacity: 8, columns: 1.5 })), 'invalid argument. columns must be a positive integer. Value: `1.5`.');
  assert.is(message(() => new BucketHistory({ capacity: 8, columns: 1 }).load(0, [])), 'invalid argument. width must be a positive integer. Value: `0`.');
  assert.is(message(() => new EvenSample(1)), 'invalid argument. capacity must be an integer ≥ 2. Value: `1`.');
});

test('an even sample keeps all items while they fit, then the first, evenly spaced ones and the latest', () => {
  const s = new EvenSample<number>(512);
  for (let i = 1; i <= 512; i++) s.add(i);
  assert.equal(s.items(), range(1, 512));
  for (let i = 513; i <= 300_000; i++) s.add(i);
  const items = s.items();
  assert.is(s.count, 300_000);
  assert.ok(items.length <= 512 && items.length > 256, `${items.length} items`);
  assert.is(items[0], 1);
  assert.is(items[items.length - 1], 300_000);
  const stride = items[1] - items[0];
  for (let i = 1; i < items.length - 1; i++) assert.is(items[i] - items[i - 1], stride);
  const small = new EvenSample<number>(4);
  for (let i = 1; i <= 10; i++) small.add(i);
  assert.equal(small.items(), [1, 5, 9, 10]);
});

test.run();
