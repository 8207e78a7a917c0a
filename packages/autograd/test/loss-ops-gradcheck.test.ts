// The ops the models after the lesson need (exp, log, tanh, sigmoid, crossEntropy, hinge, l2), each
// against central finite differences (gradcheck), on seeded random inputs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { crossEntropy, gradcheck, hinge, l2, tensor, type Tensor } from '../src/index.js';
import { randomTensor, rng } from './helpers.js';

const next = rng(1515);
const dim = (): number => 1 + Math.floor(next() * 4);

function check(name: string, fn: (...t: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const report = gradcheck(fn, inputs);
  assert.ok(report.checked > 0, `${name}: nothing checked`);
  assert.ok(report.ok, `${name}: ${JSON.stringify(report.worst)} (shapes ${inputs.map((t) => JSON.stringify(t.shape)).join(' ')})`);
}

test('exp, log (positive inputs), tanh, sigmoid on scalars, vectors and matrices', () => {
  for (const shape of [[], [dim()], [dim(), dim()]]) {
    check('exp', (x) => x.exp(), [randomTensor(next, shape)]);
    check('log', (x) => x.log(), [randomTensor(next, shape, 0.2, 3)]);
    check('tanh', (x) => x.tanh(), [randomTensor(next, shape, -3, 3)]);
    check('sigmoid', (x) => x.sigmoid(), [randomTensor(next, shape, -6, 6)]);
  }
});

test('compositions: log(sigmoid(x)), exp(tanh(x))·x', () => {
  check('log∘sigmoid', (x) => x.sigmoid().log(), [randomTensor(next, [3, 2], -5, 5)]);
  check('exp∘tanh times x', (x) => x.tanh().exp().mul(x), [randomTensor(next, [4])]);
});

test('crossEntropy: random logits and labels, k = 1 … 5, labels as number[] and as a Tensor', () => {
  for (let k = 1; k <= 5; k++) {
    const n = dim() + 1;
    const labels = Array.from({ length: n }, () => Math.floor(next() * k));
    check(`crossEntropy n=${n} k=${k}`, (z) => crossEntropy(z, labels), [randomTensor(next, [n, k], -4, 4)]);
    check(`crossEntropy, Tensor labels [${n}, 1]`, (z) => z.crossEntropy(tensor(labels.map((l) => [l]))), [randomTensor(next, [n, k], -4, 4)]);
  }
});

test('crossEntropy inside a model: gradients reach W and b through matmul and the broadcast bias', () => {
  const X = randomTensor(next, [6, 3], -1, 1, false);
  const labels = [0, 2, 1, 1, 0, 2];
  check('softmax regression', (W, b) => X.matmul(W).add(b).crossEntropy(labels), [randomTensor(next, [3, 3]), randomTensor(next, [3])]);
});

test('crossEntropy with logits near ±1000 (shifted so that finite differences are meaningful)', () => {
  const z = randomTensor(next, [3, 3], -2, 2);
  for (let i = 0; i < 9; i++) z.data[i] += i % 2 === 0 ? 1000 : -1000;
  check('crossEntropy ±1000', (t) => crossEntropy(t, [0, 1, 2]), [z]);
});

test('hinge: scores [n] and [n, 1], margins away from the kink', () => {
  for (const shape of [[7], [7, 1]]) {
    const s = randomTensor(next, shape, -2, 2);
    const y = Array.from({ length: 7 }, () => (next() < 0.5 ? -1 : 1));
    for (let i = 0; i < 7; i++) if (Math.abs(1 - y[i] * s.data[i]) < 0.05) s.data[i] += 0.2;
    check(`hinge ${JSON.stringify(shape)}`, (t) => hinge(t, y), [s]);
    check(`hinge method, Tensor y`, (t) => t.hinge(tensor(y)), [s]);
  }
});

test('l2: one tensor, several tensors of different shapes, and its sum with a loss', () => {
  check('l2 one', (W) => l2([W]), [randomTensor(next, [dim(), dim()])]);
  check('l2 three', (W, b, v) => l2([W, b, v]), [randomTensor(next, [2, 3]), randomTensor(next, [3]), randomTensor(next, [])]);
  const X = randomTensor(next, [5, 2], -1, 1, false);
  check('hinge + 1e-4·l2', (W, b) => X.matmul(W).add(b).hinge([1, -1, 1, -1, 1]).div(5).add(l2([W, b]).mul(1e-4)), [
    randomTensor(next, [2, 1]),
    randomTensor(next, [1]),
  ]);
});

test('gradcheck can fail on these ops: exp with its gradient cut by detach()', () => {
  const x = randomTensor(next, [3], 0.5, 1);
  const report = gradcheck((t) => t.exp().mul(t.detach().exp()), [x]); // true gradient 2e²ˣ, engine e²ˣ
  assert.not.ok(report.ok);
});

test.run();
