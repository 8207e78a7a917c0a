// D11: the Batch doc said its arrays are never rewritten, which `reuse: true` contradicts. The doc now
// states the exception; this test holds the doc to the behaviour.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minibatches, syntheticLinear, type Batch } from '../src/index.js';

const batchDoc = (() => {
  const source = readFileSync(new URL('../src/types.ts', import.meta.url), 'utf8');
  return source.slice(source.lastIndexOf('/**', source.indexOf('export interface Batch')), source.indexOf('export interface Batch'));
})();

test('with reuse: true a kept batch is overwritten by the next one, and the Batch doc says so', () => {
  const ds = syntheticLinear({ n: 20, seed: 1 });
  const kept: Batch[] = [];
  const firstSeen: number[] = [];
  minibatches(ds, { batchSize: 10, seed: 1, reuse: true }).subscribe((b) => {
    kept.push(b);
    firstSeen.push(b.y[0]);
  });
  assert.is(kept[0].y, kept[1].y, 'the same array');
  assert.is(kept[0].y[0], firstSeen[1], 'the first batch now shows the second one');
  assert.match(batchDoc, /reuse: true/);
  assert.match(batchDoc, /overwrites/);
});

test('without reuse a kept batch keeps its rows, as the Batch doc promises by default', () => {
  const ds = syntheticLinear({ n: 20, seed: 1 });
  const kept: Batch[] = [];
  const firstSeen: number[] = [];
  minibatches(ds, { batchSize: 10, seed: 1 }).subscribe((b) => {
    kept.push(b);
    firstSeen.push(b.y[0]);
  });
  assert.equal(kept.map((b) => b.y[0]), firstSeen);
  assert.match(batchDoc, /By default its arrays belong to this batch alone/);
});

test.run();
