import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { drawSyntheticLinear, syntheticLinear } from '../src/index.js';

const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function meanSd(values: ArrayLike<number>, stride = 1, offset = 0): { mean: number; sd: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let k = offset; k < values.length; k += stride, count++) sum += values[k];
  const mean = sum / count;
  let ss = 0;
  for (let k = offset; k < values.length; k += stride) ss += (values[k] - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / (count - 1)), count };
}

test('defaults are the d2l lesson: 1000 rows, w = [2, -3.4], b = 4.2', () => {
  const ds = syntheticLinear();
  assert.is(ds.n, 1000);
  assert.is(ds.d, 2);
  assert.is(ds.X.length, 2000);
  assert.is(ds.y.length, 1000);
  assert.equal(ds.trueW, [2, -3.4]);
  assert.is(ds.trueB, 4.2);
});

test('the same seed gives identical bytes; another seed gives different data', () => {
  const a = syntheticLinear({ n: 500, seed: 7 });
  const b = syntheticLinear({ n: 500, seed: 7 });
  const c = syntheticLinear({ n: 500, seed: 8 });
  assert.ok(bytes(a.X).equals(bytes(b.X)));
  assert.ok(bytes(a.y).equals(bytes(b.y)));
  assert.not.ok(bytes(a.X).equals(bytes(c.X)));
  assert.not.ok(bytes(a.y).equals(bytes(c.y)));
});

test('seed 0 and the largest seed are valid and distinct', () => {
  const a = syntheticLinear({ n: 10, seed: 0 });
  const b = syntheticLinear({ n: 10, seed: 0xffffffff });
  assert.not.ok(bytes(a.X).equals(bytes(b.X)));
});

test('with noise 0 the labels are exactly X·w + b (computed here independently)', () => {
  const w = [0.5, -1, 3];
  const ds = syntheticLinear({ n: 50, w, b: -2, noise: 0, seed: 3 });
  assert.is(ds.d, 3);
  for (let i = 0; i < ds.n; i++) {
    const expected = -2 + ds.X[i * 3] * 0.5 + ds.X[i * 3 + 1] * -1 + ds.X[i * 3 + 2] * 3;
    assert.is(ds.y[i], expected);
  }
});

test('the features of a seed do not depend on the noise level (X is drawn first)', () => {
  const a = syntheticLinear({ n: 100, noise: 0, seed: 5 });
  const b = syntheticLinear({ n: 100, noise: 1, seed: 5 });
  assert.ok(bytes(a.X).equals(bytes(b.X)));
  assert.not.ok(bytes(a.y).equals(bytes(b.y)));
});

test('n = 100,000: features ~ N(0, 1), independent; residual sd ≈ noise within sampling error', () => {
  const n = 100_000;
  const noise = 0.01;
  const ds = syntheticLinear({ n, noise, seed: 11 });
  // Four standard errors: the chance of a false alarm is about 6e-5 per check, and the check is deterministic.
  const seMean = 1 / Math.sqrt(n);
  const seSd = 1 / Math.sqrt(2 * (n - 1));
  for (let j = 0; j < 2; j++) {
    const { mean, sd, count } = meanSd(ds.X, 2, j);
    assert.is(count, n);
    assert.ok(Math.abs(mean) < 4 * seMean, `feature ${j} mean ${mean}`);
    assert.ok(Math.abs(sd - 1) < 4 * seSd, `feature ${j} sd ${sd}`);
  }
  let cross = 0;
  for (let i = 0; i < n; i++) cross += ds.X[2 * i] * ds.X[2 * i + 1];
  assert.ok(Math.abs(cross / n) < 4 * seMean, `feature correlation ${cross / n}`);

  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) residual[i] = ds.y[i] - (2 * ds.X[2 * i] - 3.4 * ds.X[2 * i + 1] + 4.2);
  const r = meanSd(residual);
  assert.ok(Math.abs(r.mean) < 4 * noise * seMean, `residual mean ${r.mean}`);
  assert.ok(Math.abs(r.sd - noise) < 4 * noise * seSd, `residual sd ${r.sd}`);
});

const rejects = (fn: () => unknown, message: string) =>
  assert.throws(fn, (err: Error) => err.message === message, message);

test('every argument is validated: which argument, which rule, which value', () => {
  rejects(() => syntheticLinear({ n: 0 }), 'invalid argument. n must be a positive integer. Value: `0`.');
  rejects(() => syntheticLinear({ n: 2.5 }), 'invalid argument. n must be a positive integer. Value: `2.5`.');
  rejects(() => syntheticLinear({ w: [] }), 'invalid argument. w must be a nonempty array of finite numbers. Value: `[]`.');
  rejects(() => syntheticLinear({ w: [1, NaN] }), 'invalid argument. w must be a nonempty array of finite numbers. Value: `[1,NaN]`.');
  rejects(() => syntheticLinear({ b: Infinity }), 'invalid argument. b must be a finite number. Value: `Infinity`.');
  rejects(() => syntheticLinear({ noise: -0.1 }), 'invalid argument. noise must be a finite number ≥ 0. Value: `-0.1`.');
  rejects(() => syntheticLinear({ seed: -1 }), 'invalid argument. seed must be an integer between 0 and 4294967295. Value: `-1`.');
  rejects(() => syntheticLinear({ seed: 2 ** 32 }), 'invalid argument. seed must be an integer between 0 and 4294967295. Value: `4294967296`.');
  // @ts-expect-error a wrong type on purpose
  rejects(() => syntheticLinear(5), 'invalid argument. options must be an object. Value: `5`.');
  assert.throws(() => syntheticLinear({ n: 0 }), (err: Error) => err instanceof RangeError);
  assert.throws(() => syntheticLinear({ w: [] }), (err: Error) => err instanceof TypeError);
});

test('drawn in slices (drawSyntheticLinear), the data is bit-identical, with progress between slices (issue 12 #7)', () => {
  const options = { n: 1001, w: [2, -3.4, 0.5], b: 4.2, noise: 0.1, seed: 9 };
  const draw = drawSyntheticLinear(options, 100);
  const progress: number[] = [];
  let next = draw.next();
  while (!next.done) {
    progress.push(next.value.drawn);
    next = draw.next();
  }
  const whole = syntheticLinear(options);
  assert.ok(bytes(next.value.X).equals(bytes(whole.X)) && bytes(next.value.y).equals(bytes(whole.y)));
  assert.is(progress.length, Math.ceil(3003 / 100) - 1 + Math.ceil(1001 / 100));
  assert.ok(progress.every((p, i) => i === 0 || p > progress[i - 1]) && progress.at(-1)! < 4004);
});

test.run();
