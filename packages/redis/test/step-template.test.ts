import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileBuild, compileFlatten, countNumbers } from '../src/step-template.js';

// An explain event's parts: a batch's rows (an array of arrays), long columns, nested objects, strings and null.
const value = {
  type: 'explain',
  X: [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12]],
  y: [0.5, -0, NaN, Infinity, 1e-300, 7],
  nodes: [{ id: 'n1', value: [1, 2, 3, 4, 5], grad: null }, { id: 'n2', value: [6], grad: [7] }],
};
const template = JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? 0 : v))) as unknown;
const flatten = compileFlatten(template);

test('a flatten writes every number in template order (rows and long arrays by loops), and build makes the value back bit for bit', () => {
  const out = new Float64Array(countNumbers(template) + 3).fill(-1);
  assert.is(flatten(value, out, 3), 25);
  assert.equal([...out.subarray(0, 3)], [-1, -1, -1], 'nothing before `at`');
  assert.equal([...out.subarray(3, 9)], [1, 2, 3, 4, 5, 6]);
  const back = compileBuild(template)(out, { i: 3 });
  assert.equal(back, value);
  assert.ok(Object.is((back as typeof value).y[1], -0));
});

test('a value of another shape is refused (−1), wherever the difference is', () => {
  const out = new Float64Array(64);
  const variants: [string, unknown][] = [
    ['a row too short', { ...value, X: [...value.X.slice(0, 5), [11]] }],
    ['a string in a row', { ...value, X: [...value.X.slice(0, 5), [11, '12']] }],
    ['a long column one shorter', { ...value, y: value.y.slice(1) }],
    ['a string in a long column', { ...value, y: [...value.y.slice(0, 5), '7'] }],
    ['a column that is not an array', { ...value, y: 7 }],
    ['another string', { ...value, type: 'step' }],
    ['null where an array was', { ...value, nodes: [value.nodes[0], { ...value.nodes[1], grad: null }] }],
    ['an extra key', { ...value, extra: 1 }],
    ['a missing key', { type: 'explain', X: value.X, y: value.y }],
    ['an array where an object was', [value]],
    ['null', null],
  ];
  for (const [what, v] of variants) assert.is(flatten(v, out, 0), -1, what);
  assert.is(flatten({ ...value, extra: undefined }, out, 0), 25, 'a key holding undefined is no key, as in JSON');
});

test.run();
