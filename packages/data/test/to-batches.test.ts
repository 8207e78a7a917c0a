import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { from, lastValueFrom, Subject, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minibatches, shuffleBuffer, syntheticLinear, toBatches, type Batch, type Row } from '../src/index.js';
import { rows$, writeCsv } from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-data-batches-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const row = (i: number, d = 2): Row => ({ x: Float64Array.from({ length: d }, (_, j) => 10 * i + j), y: i, line: i + 2, index: i });
const batchesOf = (n: number, size: number, opts?: { dropLast?: boolean; epoch?: number }) =>
  lastValueFrom(from(Array.from({ length: n }, (_, i) => row(i))).pipe(toBatches(size, opts), toArray()));

test('rows become batches of batchSize; the short last one is kept and flagged', async () => {
  const batches = await batchesOf(7, 3);
  assert.equal(batches.map((b) => [b.index, b.size, [...b.indices], b.last]), [
    [0, 3, [0, 1, 2], false],
    [1, 3, [3, 4, 5], false],
    [2, 1, [6], true],
  ]);
  assert.equal([...batches[1].X], [30, 31, 40, 41, 50, 51]);
  assert.equal([...batches[1].y], [3, 4, 5]);
  assert.ok(batches.every((b) => b.epoch === 1 && b.d === 2));
});

test('dropLast drops the short batch and flags the last full one; an exact multiple flags its last batch', async () => {
  const dropped = await batchesOf(7, 3, { dropLast: true, epoch: 4 });
  assert.equal(dropped.map((b) => [b.epoch, b.size, b.last]), [[4, 3, false], [4, 3, true]]);
  const exact = await batchesOf(6, 3);
  assert.equal(exact.map((b) => [b.size, b.last]), [[3, false], [3, true]]);
  assert.equal(await batchesOf(0, 3), []);
});

test('a full batch is held until the next row shows it is not the last', () => {
  const rows = new Subject<Row>();
  const seen: Batch[] = [];
  rows.pipe(toBatches(2)).subscribe((b) => seen.push(b));
  rows.next(row(0));
  rows.next(row(1));
  assert.is(seen.length, 0);
  rows.next(row(2));
  assert.equal(seen.map((b) => [b.size, b.last]), [[2, false]]);
  rows.next(row(3));
  rows.complete();
  assert.equal(seen.map((b) => [b.size, b.last]), [[2, false], [2, true]]);
});

test('file → rows$ → toBatches gives the batches minibatches gives for the same data unshuffled', async () => {
  const ds = syntheticLinear({ n: 95, seed: 8 });
  const path = join(dir, 'd.csv');
  await writeCsv(path, ds);
  const streamed = await lastValueFrom(rows$(path).pipe(toBatches(10), toArray()));
  const inMemory = await lastValueFrom(minibatches(ds, { batchSize: 10, shuffle: false }).pipe(toArray()));
  // The same batches; only minibatches knows the plan of its stream (a file's length is unknown up front).
  assert.equal(streamed, inMemory.map(({ plan, ...batch }) => batch));
  assert.is(inMemory[0].plan?.perEpoch, 10);

  // After a shuffle buffer, indices tell where each row came from, and rows still match the dataset.
  const mixed = await lastValueFrom(rows$(path).pipe(shuffleBuffer(20, 1), toBatches(10), toArray()));
  const order = mixed.flatMap((b) => [...b.indices]);
  assert.equal([...order].sort((a, b) => a - b), Array.from({ length: 95 }, (_, i) => i));
  assert.not.equal(order, Array.from({ length: 95 }, (_, i) => i));
  for (const b of mixed) for (let k = 0; k < b.size; k++) assert.is(b.y[k], ds.y[b.indices[k]]);
});

test('a row with a different number of features is an error; arguments are validated', async () => {
  try {
    await lastValueFrom(from([row(0), row(1, 3)]).pipe(toBatches(5)));
    assert.unreachable();
  } catch (err) {
    assert.is((err as Error).message, 'toBatches: row 1 (line 3) has 3 features; earlier rows have 2.');
  }
  assert.throws(() => toBatches(0), (e: Error) => e.message === 'invalid argument. batchSize must be a positive integer. Value: `0`.');
  assert.throws(() => toBatches(2, { epoch: 0 }), (e: Error) => e.message === 'invalid argument. epoch must be a positive integer. Value: `0`.');
  // @ts-expect-error a wrong type on purpose
  assert.throws(() => toBatches(2, { dropLast: 'no' }), (e: Error) => e.message === 'invalid argument. dropLast must be a boolean. Value: `"no"`.');
});

test.run();
