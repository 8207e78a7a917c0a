import { lastValueFrom, take, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { epochOrder, minibatches, syntheticLinear, type Batch, type Dataset } from '../src/index.js';

const collect = (source: ReturnType<typeof minibatches>) => lastValueFrom(source.pipe(toArray()));
const ds = syntheticLinear({ n: 103, seed: 2 });

/** Checks each batch's X and y against the dataset rows its indices name. */
function assertGathered(batches: Batch[], data: Dataset): void {
  for (const b of batches) {
    assert.is(b.d, data.d);
    assert.is(b.X.length, b.size * data.d);
    assert.is(b.y.length, b.size);
    assert.is(b.indices.length, b.size);
    for (let k = 0; k < b.size; k++) {
      const row = b.indices[k];
      assert.is(b.y[k], data.y[row]);
      for (let j = 0; j < data.d; j++) assert.is(b.X[k * data.d + j], data.X[row * data.d + j]);
    }
  }
}

function epochRows(batches: Batch[], epoch: number): number[] {
  return batches.filter((b) => b.epoch === epoch).flatMap((b) => [...b.indices]);
}

test('every row exactly once per epoch; batches carry the rows their indices name', async () => {
  const batches = await collect(minibatches(ds, { batchSize: 10, epochs: 3, seed: 9 }));
  assert.is(batches.length, 33);
  assertGathered(batches, ds);
  const identity = Array.from({ length: 103 }, (_, i) => i);
  for (const epoch of [1, 2, 3]) {
    const rows = epochRows(batches, epoch);
    assert.equal([...rows].sort((a, b) => a - b), identity);
    assert.not.equal(rows, identity, 'shuffled');
  }
  assert.not.equal(epochRows(batches, 1), epochRows(batches, 2), 'each epoch has its own permutation');
});

test('rows of every width are gathered exactly: 1, 2 (unrolled), 7 (element loop), 32 and 100 features (row copies)', async () => {
  for (const d of [1, 2, 7, 32, 100]) {
    const wide = syntheticLinear({ n: 57, w: Array.from({ length: d }, (_, j) => j - d / 2), seed: d });
    for (const reuse of [false, true]) {
      const batches: Batch[] = [];
      // With reuse the arrays are overwritten by the next batch: check each one as it passes.
      minibatches(wide, { batchSize: 8, epochs: 2, seed: 4, reuse }).subscribe((b) => {
        assertGathered([b], wide);
        batches.push(b);
      });
      assert.is(batches.length, 16, `d = ${d}`);
    }
  }
});

test('the short last batch is kept and flagged; dropLast drops it', async () => {
  const kept = await collect(minibatches(ds, { batchSize: 10, epochs: 2 }));
  const sizes = kept.filter((b) => b.epoch === 1).map((b) => b.size);
  assert.equal(sizes, [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
  assert.equal(kept.filter((b) => b.last).map((b) => [b.epoch, b.index, b.size]), [[1, 10, 3], [2, 10, 3]]);
  assert.equal(kept.map((b) => b.index).slice(9, 13), [9, 10, 0, 1]);

  const dropped = await collect(minibatches(ds, { batchSize: 10, epochs: 2, dropLast: true }));
  assert.is(dropped.length, 20);
  assert.ok(dropped.every((b) => b.size === 10));
  assert.equal(dropped.filter((b) => b.last).map((b) => [b.epoch, b.index]), [[1, 9], [2, 9]]);
  // The dropped rows are the 3 at the end of each epoch's permutation.
  assert.equal(epochRows(dropped, 2), [...epochOrder(103, 42, 2).subarray(0, 100)]);
});

test('cold: every subscription replays the same batches, bit for bit', async () => {
  const batches$ = minibatches(ds, { batchSize: 7, epochs: 2, seed: 4 });
  const a = await collect(batches$);
  const b = await collect(batches$);
  assert.equal(a, b);
  assert.is(a[0].X === b[0].X, false, 'each subscription gathers its own arrays');
});

test('an epoch follows epochOrder(n, seed, epoch), which depends on the seed and the epoch only', async () => {
  const batches = await collect(minibatches(ds, { batchSize: 10, epochs: 3, seed: 123 }));
  for (const epoch of [1, 2, 3]) assert.equal(epochRows(batches, epoch), [...epochOrder(103, 123, epoch)]);
  assert.not.equal([...epochOrder(103, 123, 1)], [...epochOrder(103, 124, 1)]);
  assert.equal([...epochOrder(103, 123, 3)], [...epochOrder(103, 123, 3)]);
});

test('shuffle: false visits rows in order', async () => {
  const batches = await collect(minibatches(ds, { batchSize: 25, shuffle: false }));
  assert.equal(batches.map((b) => b.size), [25, 25, 25, 25, 3]);
  assert.equal(epochRows(batches, 1), Array.from({ length: 103 }, (_, i) => i));
  assertGathered(batches, ds);
});

test('Fisher–Yates is uniform: the 6 orders of 3 rows are equally likely (chi-square, 6000 draws)', () => {
  const counts = new Map<string, number>();
  for (let seed = 0; seed < 1000; seed++) {
    for (let epoch = 1; epoch <= 6; epoch++) {
      const key = epochOrder(3, seed, epoch).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  assert.equal([...counts.keys()].sort(), ['012', '021', '102', '120', '201', '210']);
  const expected = 1000;
  const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  // 5 degrees of freedom: P(chi2 > 20.5) = 0.001.
  assert.ok(chi2 < 20.5, `chi2 = ${chi2}`);
});

test('Fisher–Yates is uniform: each row lands in each of 10 positions equally often (chi-square)', () => {
  const n = 10;
  const counts = new Float64Array(n * n);
  const draws = 5000;
  for (let epoch = 1; epoch <= draws; epoch++) {
    const order = epochOrder(n, 77, epoch);
    for (let p = 0; p < n; p++) counts[order[p] * n + p]++;
  }
  const expected = draws / n;
  let chi2 = 0;
  for (const c of counts) chi2 += (c - expected) ** 2 / expected;
  // 81 degrees of freedom ((10−1)²): P(chi2 > 124.8) ≈ 0.001.
  assert.ok(chi2 < 124.8, `chi2 = ${chi2}`);
});

test('orders: explicit per-epoch permutations are followed and override shuffle', async () => {
  const tiny = syntheticLinear({ n: 5, seed: 1 });
  const orders = [
    [4, 3, 2, 1, 0],
    [0, 2, 4, 1, 3],
  ];
  const batches = await collect(minibatches(tiny, { batchSize: 2, orders }));
  assert.equal(batches.map((b) => [b.epoch, b.index, [...b.indices]]), [
    [1, 0, [4, 3]],
    [1, 1, [2, 1]],
    [1, 2, [0]],
    [2, 0, [0, 2]],
    [2, 1, [4, 1]],
    [2, 2, [3]],
  ]);
  assertGathered(batches, tiny);
  // The orders were copied: changing them afterwards does not change a replay.
  orders[0][0] = 3;
  orders[0][1] = 4;
  assert.equal(await collect(minibatches(tiny, { batchSize: 2, orders: [[4, 3, 2, 1, 0]] })).then((b) => [...b[0].indices]), [4, 3]);
});

test('startAt resumes mid-run exactly where an uninterrupted run was', async () => {
  const full = await collect(minibatches(ds, { batchSize: 10, epochs: 3, seed: 5 }));
  const resumed = await collect(minibatches(ds, { batchSize: 10, epochs: 3, seed: 5, startAt: { epoch: 2, index: 4 } }));
  assert.equal(resumed, full.slice(11 + 4));
  assert.equal(resumed[0].epoch, 2);
  assert.equal(resumed[0].index, 4);
  const atEnd = await collect(minibatches(ds, { batchSize: 10, epochs: 3, seed: 5, startAt: { epoch: 3, index: 11 } }));
  assert.is(atEnd.length, 0);
});

test('fresh batches do not share memory: writing into one batch changes no other', async () => {
  const batches = await collect(minibatches(ds, { batchSize: 4, epochs: 2 }));
  batches.forEach((b, k) => {
    b.X.fill(k);
    b.y.fill(-k);
    b.indices.fill(k);
  });
  batches.forEach((b, k) => {
    assert.ok(b.X.every((v) => v === k) && b.y.every((v) => v === -k) && b.indices.every((v) => v === k), `batch ${k}`);
  });
  assert.is(ds.X[0] === 0 && ds.X[1] === 0, false, 'the dataset is untouched');
});

test('reuse: the same arrays are overwritten batch after batch, with the same contents as fresh ones', async () => {
  const fresh = await collect(minibatches(ds, { batchSize: 10, epochs: 2, seed: 3 }));
  const seen: { X: number[]; y: number[]; indices: number[]; size: number }[] = [];
  const arrays = new Set<Float64Array>();
  minibatches(ds, { batchSize: 10, epochs: 2, seed: 3, reuse: true }).subscribe((b) => {
    arrays.add(b.X);
    seen.push({ X: [...b.X], y: [...b.y], indices: [...b.indices], size: b.size });
  });
  assert.equal(seen, fresh.map((b) => ({ X: [...b.X], y: [...b.y], indices: [...b.indices], size: b.size })));
  assert.is(arrays.size, 2, 'one full-size X and one short view of it');
  assert.is(seen[10].X.length, 6);
});

/** A Float64Array that counts reads of its elements (a Proxy keeps `instanceof Float64Array`). */
function counting(array: Float64Array): { array: Float64Array; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(array, {
    get(target, prop) {
      if (typeof prop === 'string' && prop.charCodeAt(0) >= 48 && prop.charCodeAt(0) <= 57) reads++;
      const value = (target as unknown as Record<string | symbol, unknown>)[prop];
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { array: proxy, reads: () => reads };
}

test('unsubscribing stops at once: take(3) on 10 million rows gathers exactly the 30 rows emitted', async () => {
  const n = 10_000_000;
  const X = counting(new Float64Array(n));
  const y = counting(new Float64Array(n));
  const big: Dataset = { n, d: 1, X: X.array, y: y.array };
  let emitted = 0;
  const batches = await lastValueFrom(
    minibatches(big, { batchSize: 10, epochs: 5, seed: 1 }).pipe(take(3), toArray()),
  );
  emitted = batches.reduce((s, b) => s + b.size, 0);
  assert.is(emitted, 30);
  assert.is(X.reads(), 30);
  assert.is(y.reads(), 30);
});

test('a resumed run gathers no row before its first batch', async () => {
  const X = counting(new Float64Array(ds.X));
  const y = counting(new Float64Array(ds.y));
  const batches = await collect(minibatches({ n: 103, d: 2, X: X.array, y: y.array }, { batchSize: 10, startAt: { epoch: 1, index: 9 } }));
  assert.equal(batches.map((b) => b.size), [10, 3]);
  assert.is(y.reads(), 13);
  assert.is(X.reads(), 26);
});

const rejects = (fn: () => unknown, message: string) =>
  assert.throws(fn, (err: Error) => err.message === message, message);

test('pace: the same batches as a synchronous run, delivered in slices that yield to the event loop', async () => {
  const big = syntheticLinear({ n: 60_000, seed: 6 });
  const opts = { batchSize: 10, epochs: 2, seed: 6, startAt: { epoch: 1, index: 2500 } };
  const sync: number[] = [];
  minibatches(big, opts).subscribe((b) => sync.push(b.epoch, b.index, b.indices[0], b.y[b.size - 1]));
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  let readyCalls = 0;
  const paced: number[] = [];
  let emittedBeforeSubscribeReturned = 0;
  const done = new Promise<void>((resolve, reject) => {
    minibatches(big, { ...opts, pace: { sliceMs: 0.5, ready: () => void readyCalls++ } }).subscribe({
      next: (b) => paced.push(b.epoch, b.index, b.indices[0], b.y[b.size - 1]),
      error: reject,
      complete: resolve,
    });
    emittedBeforeSubscribeReturned = paced.length / 4;
  });
  assert.ok(emittedBeforeSubscribeReturned > 0 && emittedBeforeSubscribeReturned < 9500, `first slice: ${emittedBeforeSubscribeReturned} batches`);
  await done;
  clearInterval(timer);
  assert.equal(paced, sync);
  assert.ok(readyCalls > 0, 'ready() asked between slices');
  assert.ok(ticks > 0, 'timers ran while the batches were produced');
});

test('pace: a pending ready() holds the next slice; unsubscribing stops the stream for good', async () => {
  const big = syntheticLinear({ n: 50_000, seed: 6 });
  let release: () => void = () => {};
  let batches = 0;
  const sub = minibatches(big, { batchSize: 10, pace: { sliceMs: 0.2, ready: () => new Promise<void>((r) => (release = r)) } }).subscribe(() => batches++);
  const afterFirstSlice = batches;
  await new Promise((r) => setTimeout(r, 20));
  assert.is(batches, afterFirstSlice, 'nothing until ready() resolves');
  release();
  await new Promise((r) => setTimeout(r, 20));
  assert.ok(batches > afterFirstSlice, 'the next slice ran');
  sub.unsubscribe();
  release();
  const atStop = batches;
  await new Promise((r) => setTimeout(r, 20));
  assert.is(batches, atStop);
});

test('every argument is validated: which argument, which rule, which value', () => {
  rejects(() => minibatches(ds, { batchSize: 0 }), 'invalid argument. batchSize must be a positive integer. Value: `0`.');
  rejects(() => minibatches(ds, { batchSize: 10, epochs: 1.5 }), 'invalid argument. epochs must be a positive integer. Value: `1.5`.');
  rejects(() => minibatches(ds, { batchSize: 10, seed: -1 }), 'invalid argument. seed must be an integer between 0 and 4294967295. Value: `-1`.');
  // @ts-expect-error a wrong type on purpose
  rejects(() => minibatches(ds, { batchSize: 10, shuffle: 'yes' }), 'invalid argument. shuffle must be a boolean. Value: `"yes"`.');
  // @ts-expect-error a wrong type on purpose
  rejects(() => minibatches(ds, { batchSize: 10, dropLast: 1 }), 'invalid argument. dropLast must be a boolean. Value: `1`.');
  // @ts-expect-error a wrong type on purpose
  rejects(() => minibatches(ds, { batchSize: 10, reuse: 'true' }), 'invalid argument. reuse must be a boolean. Value: `"true"`.');
  // @ts-expect-error a missing argument on purpose
  rejects(() => minibatches(ds), 'invalid argument. options must be an object. Value: `null`.');
  // @ts-expect-error a wrong type on purpose
  rejects(() => minibatches(null, { batchSize: 10 }), 'invalid argument. ds must be a Dataset { n, d, X, y }. Value: `null`.');
  rejects(
    () => minibatches({ n: 3, d: 2, X: new Float64Array(5), y: new Float64Array(3) }, { batchSize: 1 }),
    'invalid argument. ds.X must have n·d = 6 elements. Value: `Float64Array(5)`.',
  );
  rejects(
    // @ts-expect-error a wrong type on purpose
    () => minibatches({ n: 3, d: 1, X: [1, 2, 3], y: new Float64Array(3) }, { batchSize: 1 }),
    'invalid argument. ds.X must be a Float64Array. Value: `[1,2,3]`.',
  );
  rejects(
    () => minibatches({ n: 3, d: 1, X: new Float64Array(3), y: new Float64Array(2) }, { batchSize: 1 }),
    'invalid argument. ds.y must have n = 3 elements. Value: `Float64Array(2)`.',
  );
  rejects(
    () => minibatches(ds, { batchSize: 10, epochs: 3, startAt: { epoch: 4, index: 0 } }),
    'invalid argument. startAt.epoch must be an integer between 1 and 3. Value: `4`.',
  );
  rejects(
    () => minibatches(ds, { batchSize: 10, startAt: { epoch: 1, index: 12 } }),
    'invalid argument. startAt.index must be an integer between 0 and 11. Value: `12`.',
  );
});

test('a misspelled option is an error naming it and the options, not a silently ignored setting', () => {
  assert.throws(() => minibatches(ds, { batchSize: 2, bathSize: 3 } as never), (e: Error) =>
    e.message === 'invalid argument. options.bathSize is not an option; the options are batchSize, epochs, shuffle, seed, dropLast, orders, startAt, reuse, pace. Value: `3`.');
  assert.throws(() => syntheticLinear({ n: 10, sead: 1 } as never), (e: Error) =>
    e.message === 'invalid argument. options.sead is not an option; the options are n, w, b, noise, seed. Value: `1`.');
});

test('pace is validated', () => {
  assert.throws(() => minibatches(ds, { batchSize: 2, pace: { sliceMs: 0 } }), (e: Error) =>
    e.message === 'invalid argument. pace.sliceMs must be a positive finite number. Value: `0`.');
  assert.throws(() => minibatches(ds, { batchSize: 2, pace: { sliceMs: 5, ready: 'soon' as never } }), (e: Error) =>
    e.message === 'invalid argument. pace.ready must be a function. Value: `"soon"`.');
});

test('orders are validated: one permutation of 0..n-1 per epoch', () => {
  const tiny = syntheticLinear({ n: 4, seed: 1 });
  rejects(
    () => minibatches(tiny, { batchSize: 2, orders: [[0, 1, 2, 2]] }),
    'invalid argument. orders[0] must be a permutation of 0..3. Value: `[0,1,2,2]`. Row 2 appears twice.',
  );
  rejects(
    () => minibatches(tiny, { batchSize: 2, orders: [[0, 1, 2, 3], [0, 1, 2]] }),
    'invalid argument. orders[1] must be a permutation of 0..3. Value: `[0,1,2]`. It has 3 entries, not 4.',
  );
  rejects(
    () => minibatches(tiny, { batchSize: 2, orders: [[0, 1, 4, 3]] }),
    'invalid argument. orders[0] must be a permutation of 0..3. Value: `[0,1,4,3]`. Entry 2 is 4.',
  );
  rejects(
    () => minibatches(tiny, { batchSize: 2, epochs: 2, orders: [[0, 1, 2, 3]] }),
    'invalid argument. orders must hold one permutation per epoch (epochs = 2). Value: `[[0,1,2,3]]`.',
  );
});

test('epochOrder validates its arguments', () => {
  rejects(() => epochOrder(-1, 1, 1), 'invalid argument. n must be a nonnegative integer. Value: `-1`.');
  rejects(() => epochOrder(5, 1.5, 1), 'invalid argument. seed must be an integer between 0 and 4294967295. Value: `1.5`.');
  rejects(() => epochOrder(5, 1, 0), 'invalid argument. epoch must be a positive integer. Value: `0`.');
});

test.run();
