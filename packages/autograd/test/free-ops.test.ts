// The 12 exported free-function ops check their tensor argument first, with the house message, instead of
// failing deep inside with "Cannot read properties of undefined".
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { add, div, matmul, mean, mul, neg, pow, relu, reshape, sub, sum, tensor, transpose } from '../src/index.js';

function throwsWith(fn: () => unknown, Kind: ErrorConstructor, message: string): void {
  try {
    fn();
  } catch (err) {
    assert.instance(err, Kind);
    assert.is((err as Error).message, message);
    return;
  }
  assert.unreachable(`expected: ${message}`);
}

const t = tensor([[1, 2], [3, 4]]);
const notATensor = 'invalid argument. a must be a Tensor. Value: `3`.';

const oneTensorOps: [string, () => unknown][] = [
  ['matmul(3, t)', () => matmul(3 as never, t)],
  ['neg(3)', () => neg(3 as never)],
  ['pow(3, 2)', () => pow(3 as never, 2)],
  ['relu(3)', () => relu(3 as never)],
  ['sum(3)', () => sum(3 as never)],
  ['mean(3)', () => mean(3 as never)],
  ['reshape(3, [1])', () => reshape(3 as never, [1])],
  ['transpose(3)', () => transpose(3 as never)],
];
for (const [call, fn] of oneTensorOps) {
  test(`${call} names its argument a: ${notATensor}`, () => throwsWith(fn, TypeError, notATensor));
}

test('sum(5) and sum(undefined) say what they got', () => {
  throwsWith(() => sum(5 as never), TypeError, 'invalid argument. a must be a Tensor. Value: `5`.');
  throwsWith(() => sum(undefined as never), TypeError, 'invalid argument. a must be a Tensor. Value: `undefined`.');
});

test('matmul checks its right operand the same way', () => {
  throwsWith(() => matmul(t, [[1], [2]] as never), TypeError, 'invalid argument. b must be a Tensor. Value: `1,2`.');
});

// add, sub, mul and div take a number on either side (a constant scalar), as the Tensor methods do.
for (const [name, op, expected] of [
  ['add', add, [[4, 5], [6, 7]]],
  ['sub', sub, [[2, 1], [0, -1]]],
  ['mul', mul, [[3, 6], [9, 12]]],
  ['div', div, [[3, 1.5], [1, 0.75]]],
] as const) {
  test(`${name} takes a number as a and names a or b when it gets something else`, () => {
    assert.equal(op(3, t).toArray(), expected);
    throwsWith(() => op('3' as never, t), TypeError, 'invalid argument. a must be a Tensor or a number. Value: `3`.');
    throwsWith(() => op(t, null as never), TypeError, 'invalid argument. b must be a Tensor or a number. Value: `null`.');
  });
}

test('the ops still work on tensors', () => {
  assert.equal(matmul(t, tensor([[1], [1]])).toArray(), [[3], [7]]);
  assert.equal([neg(t).toArray(), pow(t, 2).toArray(), relu(neg(t)).toArray()], [[[-1, -2], [-3, -4]], [[1, 4], [9, 16]], [[0, 0], [0, 0]]]);
  assert.equal([sum(t).item(), mean(t).item(), reshape(t, [4]).toArray(), transpose(t).toArray()], [10, 2.5, [1, 2, 3, 4], [[1, 3], [2, 4]]]);
});

test.run();
