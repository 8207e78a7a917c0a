// Graph export: JSON for the dashboard (the GraphJson shape of @gradstream/events) and DOT.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tensor, toDot, toGraphJson } from '../src/index.js';
import { close } from './helpers.js';

function lesson() {
  const X = tensor([[1, 2], [3, 4], [5, 6]], { name: 'X' });
  const y = tensor([1, 0, -1], { name: 'y' });
  const w = tensor([[0.1], [0.2]], { requiresGrad: true, name: 'w' });
  const b = tensor([0.3], { requiresGrad: true, name: 'b' });
  const yHat = X.matmul(w).add(b);
  const l = yHat.sub(y.reshape(yHat.shape)).pow(2).div(2).sum();
  return { X, y, w, b, yHat, l };
}

test('the lesson graph: 11 nodes (data, parameters, the constant 2, six ops), 10 edges, inputs first', () => {
  const { l } = lesson();
  const g = toGraphJson(l);
  assert.equal(g.nodes.map((n) => `${n.name}:${n.op}`), [
    'X:leaf', 'w:leaf', 'X·w:matmul', 'b:leaf', 'ŷ:add', 'y:leaf', 'ŷ − y:sub', '(ŷ − y)²:pow', '2:leaf', '(ŷ − y)²/2:div', 'l:sum',
  ]);
  assert.is(g.edges.length, 10);
  const ids = new Set(g.nodes.map((n) => n.id));
  assert.ok(g.edges.every((e) => ids.has(e.from) && ids.has(e.to)));
  // only the fields of GraphNodeJson in @gradstream/events
  for (const n of g.nodes) assert.ok(Object.keys(n).every((k) => ['id', 'op', 'name', 'shape', 'value', 'grad'].includes(k)));
  // Plain JSON: the round trip through text changes nothing (no typed arrays, NaN, undefined or cycles).
  assert.equal(JSON.parse(JSON.stringify(g)), g);
});

test('computed gradients: ∂l/∂node on every node that requires grad, null on data; equal to backward()', () => {
  const { l, w, b } = lesson();
  const g = toGraphJson(l);
  const node = (name: string) => g.nodes.find((n) => n.name === name)!;
  assert.is(node('X').grad, null);
  assert.is(node('2').grad, null);
  // ŷ = [0.8, 1.4, 2.0] → ŷ − y = [−0.2, 1.4, 3.0] = ∂l/∂ŷ
  close(node('ŷ').value, [0.8, 1.4, 2.0], 1e-14, 'ŷ');
  close(node('ŷ').grad!, [-0.2, 1.4, 3.0], 1e-14, '∂l/∂ŷ');
  assert.is(w.grad, null, 'export does not write .grad');
  l.backward();
  close(node('w').grad!, w.grad!.data, 1e-14, 'w');
  close(node('b').grad!, b.grad!.data, 1e-14, 'b');
});

test('stored gradients: .grad as it is (null for intermediates)', () => {
  const { l, w } = lesson();
  l.backward();
  const g = toGraphJson(l, { grads: 'stored' });
  assert.equal(g.nodes.find((n) => n.name === 'w')!.grad, Array.from(w.grad!.data));
  assert.is(g.nodes.find((n) => n.name === 'ŷ')!.grad, null);
});

test('DOT: one node line per node, one edge line per edge, parameters filled', () => {
  const { l } = lesson();
  const g = toGraphJson(l);
  const dot = toDot(l);
  assert.ok(dot.startsWith('digraph autograd {') && dot.endsWith('}'));
  for (const n of g.nodes) assert.ok(dot.includes(`  ${n.id} [label="`), n.id);
  for (const e of g.edges) assert.ok(dot.includes(`  ${e.from} -> ${e.to};`));
  const wLine = dot.split('\n').find((line) => line.includes('label="w\\n'))!;
  assert.ok(wLine.includes('fillcolor'));
  assert.ok(dot.includes('X·w\\nmatmul'));
});

test.run();
