// exp, log, tanh, sigmoid, crossEntropy, hinge and l2 against PyTorch 1.13 in float64: the output and
// the gradient of the first input for a given upstream gradient g, within 1e-12 (relative above 1).
// The cases come from test/fixtures/make_ops.py (committed with its output, test/fixtures/ops.json).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { crossEntropy, exp, hinge, l2, log, sigmoid, tanh, tensor, type Tensor } from '../src/index.js';
import { close } from './helpers.js';

interface Flat {
  shape: number[];
  data: number[];
}
interface Case {
  name: string;
  op: string;
  x: Flat;
  g: Flat;
  out: Flat;
  grad: Flat;
  labels?: number[];
  y?: number[];
  others?: Flat[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/ops.json', import.meta.url), 'utf8')) as { cases: Case[] };
const asTensor = (f: Flat, requiresGrad = false): Tensor => tensor(f.data, { shape: f.shape, requiresGrad });

const ops: Record<string, (x: Tensor, c: Case) => Tensor> = {
  exp: (x) => exp(x),
  log: (x) => log(x),
  tanh: (x) => tanh(x),
  sigmoid: (x) => sigmoid(x),
  crossEntropy: (x, c) => crossEntropy(x, c.labels!),
  hinge: (x, c) => hinge(x, c.y!),
  l2: (x, c) => l2([x, ...c.others!.map((o) => asTensor(o))]),
};

test('the fixture covers every new op', () => {
  assert.equal([...new Set(fixture.cases.map((c) => c.op))].sort(), Object.keys(ops).sort());
});

for (const c of fixture.cases) {
  test(`${c.name}: output and gradient match PyTorch`, () => {
    const x = asTensor(c.x, true);
    const out = ops[c.op](x, c);
    assert.equal(out.shape, c.out.shape);
    close(out.data, c.out.data, 1e-12, `${c.name} out`);
    out.backward(asTensor(c.g));
    close(x.grad!.data, c.grad.data, 1e-12, `${c.name} grad`);
  });
}

test.run();
