import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { throwsMessage } from './throws-message.js';
import { blobs } from '../src/index.js';

const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);


test('defaults: 300 rows, 2 features, 3 classes; shapes of X, y and the centers', () => {
  const ds = blobs();
  assert.equal([ds.n, ds.d, ds.classes, ds.X.length, ds.y.length, ds.centers.length, ds.centers[0].length], [300, 2, 3, 600, 300, 3, 2]);
});

test('the same seed gives identical bytes; another seed gives other data', () => {
  const a = blobs({ n: 50, d: 3, classes: 4, seed: 9 });
  const b = blobs({ n: 50, d: 3, classes: 4, seed: 9 });
  const c = blobs({ n: 50, d: 3, classes: 4, seed: 10 });
  assert.ok(bytes(a.X).equals(bytes(b.X)) && bytes(a.y).equals(bytes(b.y)));
  assert.equal(a.centers, b.centers);
  assert.not.ok(bytes(a.X).equals(bytes(c.X)));
});

test('labels are the class indices 0 … classes−1 as float64, split as evenly as possible, and shuffled', () => {
  const ds = blobs({ n: 11, classes: 3, seed: 2 });
  const counts = [0, 0, 0];
  for (const v of ds.y) counts[v]++;
  assert.equal(counts, [4, 4, 3]); // the first n mod classes classes get one more row
  assert.ok(ds.y instanceof Float64Array);
  const sorted = [...ds.y].every((v, i, a) => i === 0 || a[i - 1] <= v);
  assert.not.ok(sorted, `rows are mixed, not listed class by class: ${[...ds.y]}`);
});

test('centers lie in [−10, 10]ᵈ; each row is its center plus N(0, spread²) noise', () => {
  const spread = 0.5;
  const ds = blobs({ n: 30_000, d: 2, classes: 3, spread, seed: 4 });
  for (const c of ds.centers) for (const v of c) assert.ok(v >= -10 && v < 10, String(v));
  // mean and sd of the offsets from the row's center: 4 standard errors
  const offsets: number[] = [];
  for (let i = 0; i < ds.n; i++) for (let j = 0; j < 2; j++) offsets.push(ds.X[i * 2 + j] - ds.centers[ds.y[i]][j]);
  const mean = offsets.reduce((s, v) => s + v, 0) / offsets.length;
  const sd = Math.sqrt(offsets.reduce((s, v) => s + (v - mean) ** 2, 0) / (offsets.length - 1));
  assert.ok(Math.abs(mean) < (4 * spread) / Math.sqrt(offsets.length), `mean ${mean}`);
  assert.ok(Math.abs(sd - spread) < (4 * spread) / Math.sqrt(2 * offsets.length), `sd ${sd}`);
});

test('spread 0 puts every row exactly on its center', () => {
  const ds = blobs({ n: 9, d: 3, classes: 3, spread: 0, seed: 1 });
  for (let i = 0; i < ds.n; i++) assert.equal([...ds.X.subarray(i * 3, i * 3 + 3)], ds.centers[ds.y[i]]);
});

test('one class, and as many classes as rows', () => {
  assert.equal([...blobs({ n: 4, classes: 1 }).y], [0, 0, 0, 0]);
  assert.equal([...blobs({ n: 4, classes: 4, seed: 3 }).y].sort(), [0, 1, 2, 3]);
});

test('errors name the option, the rule and the value', () => {
  throwsMessage(() => blobs({ n: 0 }), RangeError, 'invalid argument. n must be a positive integer. Value: `0`.');
  throwsMessage(() => blobs({ d: 1.5 }), RangeError, 'invalid argument. d must be a positive integer. Value: `1.5`.');
  throwsMessage(() => blobs({ classes: 0 }), RangeError, 'invalid argument. classes must be a positive integer. Value: `0`.');
  throwsMessage(() => blobs({ n: 2, classes: 3 }), RangeError, 'invalid argument. classes must be at most n = 2 (every class gets at least one row). Value: `3`.');
  throwsMessage(() => blobs({ spread: -1 }), RangeError, 'invalid argument. spread must be a finite number ≥ 0. Value: `-1`.');
  throwsMessage(() => blobs({ seed: -1 }), RangeError, 'invalid argument. seed must be an integer between 0 and 4294967295. Value: `-1`.');
  throwsMessage(() => blobs({ clases: 3 } as never), RangeError, 'invalid argument. options.clases is not an option; the options are n, d, classes, spread, seed. Value: `3`.');
  throwsMessage(() => blobs(5 as never), TypeError, 'invalid argument. options must be an object. Value: `5`.');
});

test.run();
