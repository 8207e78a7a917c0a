// Every op's backward rule against central finite differences (gradcheck) on random shapes,
// broadcasting of scalars, rows and columns included. Seeded, so a failure reproduces.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gradcheck, tensor, type Tensor } from '../src/index.js';
import { randomTensor, rng } from './helpers.js';

const next = rng(2024);
const dim = (): number => 1 + Math.floor(next() * 4);

function check(name: string, fn: (...t: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const report = gradcheck(fn, inputs);
  assert.ok(report.checked > 0, `${name}: nothing checked`);
  assert.ok(report.ok, `${name}: ${JSON.stringify(report.worst)} (shapes ${inputs.map((t) => JSON.stringify(t.shape)).join(' ')})`);
}

/** Pairs of shapes that broadcast: same, scalar either side, row, column, vector against matrix. */
function broadcastPairs(): [number[], number[]][] {
  const r = dim();
  const c = dim();
  return [
    [[r, c], [r, c]],
    [[r, c], []],
    [[], [r, c]],
    [[r, c], [1]],
    [[r, c], [c]],
    [[r, c], [1, c]],
    [[r, c], [r, 1]],
    [[r, 1], [1, c]],
    [[c], [c]],
    [[c], [r, c]],
  ];
}

for (const op of ['add', 'sub', 'mul', 'div'] as const) {
  test(`${op}: gradients match finite differences on every broadcast pattern`, () => {
    for (let trial = 0; trial < 3; trial++) {
      for (const [sa, sb] of broadcastPairs()) {
        const a = randomTensor(next, sa);
        // keep divisors away from 0, where the finite difference is unstable
        const b = op === 'div' ? randomTensor(next, sb, 0.5, 2) : randomTensor(next, sb);
        check(`${op} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`, (x, y) => x[op](y), [a, b]);
      }
    }
  });
}

test('matmul: matrix·matrix, matrix·vector, vector·matrix, vector·vector', () => {
  for (let trial = 0; trial < 4; trial++) {
    const [m, k, n] = [dim(), dim(), dim()];
    for (const [sa, sb] of [[[m, k], [k, n]], [[m, k], [k]], [[k], [k, n]], [[k], [k]]] as [number[], number[]][]) {
      check(`matmul ${JSON.stringify(sa)}·${JSON.stringify(sb)}`, (x, y) => x.matmul(y), [randomTensor(next, sa), randomTensor(next, sb)]);
    }
  }
});

test('matmul with only one side requiring grad (X·w where X is data)', () => {
  const X = randomTensor(next, [10, 2], -1, 1, false);
  check('X·w', (x, w) => x.matmul(w), [X, randomTensor(next, [2, 1])]);
});

test('neg, pow (several exponents), relu', () => {
  for (let trial = 0; trial < 3; trial++) {
    const shape = [dim(), dim()];
    check('neg', (x) => x.neg(), [randomTensor(next, shape)]);
    for (const k of [2, 3, 0.5, -1.5, 1, 0]) {
      check(`pow ${k}`, (x) => x.pow(k), [randomTensor(next, shape, 0.3, 2)]);
    }
    // relu: values away from the kink at 0
    const x = randomTensor(next, shape);
    for (let i = 0; i < x.data.length; i++) if (Math.abs(x.data[i]) < 0.1) x.data[i] = 0.5;
    check('relu', (t) => t.relu(), [x]);
  }
});

test('sum and mean: all, each axis (negative too), keepdim, on scalars, vectors and matrices', () => {
  for (const shape of [[], [dim()], [dim(), dim()], [1, dim()], [dim(), 1]]) {
    for (const op of ['sum', 'mean'] as const) {
      check(`${op} ${JSON.stringify(shape)}`, (x) => x[op](), [randomTensor(next, shape)]);
      check(`${op} keepdim`, (x) => x[op](undefined, true), [randomTensor(next, shape)]);
      for (let axis = -shape.length; axis < shape.length; axis++) {
        check(`${op}(${axis}) ${JSON.stringify(shape)}`, (x) => x[op](axis), [randomTensor(next, shape)]);
        check(`${op}(${axis}, keepdim)`, (x) => x[op](axis, true), [randomTensor(next, shape)]);
      }
    }
  }
});

test('reshape, view, transpose and .T', () => {
  const [r, c] = [dim(), dim()];
  check('reshape', (x) => x.reshape([c, -1]).mul(tensor(Array.from({ length: r }, (_, i) => i + 1))), [randomTensor(next, [r, c])]);
  check('view', (x) => x.view([r * c]).pow(2), [randomTensor(next, [r, c])]);
  check('transpose', (x) => x.transpose().matmul(tensor(Array.from({ length: r }, (_, i) => [i - 1]))), [randomTensor(next, [r, c])]);
  check('.T of a vector', (x) => x.T.pow(2), [randomTensor(next, [c])]);
});

test('a composite graph (lesson loss with relu features), all inputs requiring grad', () => {
  const X = randomTensor(next, [10, 2]);
  const w = randomTensor(next, [2, 1]);
  const b = randomTensor(next, [1]);
  const y = randomTensor(next, [10]);
  check(
    'lesson',
    (X_, w_, b_, y_) => {
      const yHat = X_.matmul(w_).add(b_);
      return yHat.sub(y_.reshape(yHat.shape)).pow(2).div(2).sum();
    },
    [X, w, b, y],
  );
  check('mlp', (X_, w_) => X_.matmul(w_.T.T).relu().mean(0).mul(3).sum(), [X, randomTensor(next, [2, 3])]);
});

test('gradcheck catches a wrong gradient (it can fail)', () => {
  // x·x through mul with one operand detached: the engine's gradient is x, the true one is 2x
  const x = randomTensor(next, [3], 0.5, 2);
  const report = gradcheck((t) => t.mul(t.detach()).sum(), [x]);
  assert.not.ok(report.ok);
  assert.ok(report.worst !== null && Math.abs(report.worst.numeric - 2 * report.worst.analytic) < 1e-6);
});

test.run();
