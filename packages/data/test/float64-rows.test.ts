import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { lastValueFrom, toArray, type Observable } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { syntheticLinear, type Batch } from '../src/index.js';
import { fileBatches$, float64Batches$, Float64RowWriter, scanRows$, spillRows, spillStream$, writeCsv } from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-float64-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const all = (batches$: Observable<Batch>) => lastValueFrom(batches$.pipe(toArray()));
const plain = (b: Batch) => ({ ...b, X: [...b.X], y: [...b.y], indices: [...b.indices] });

test('spillRows copies a stream to float64 rows; float64Batches$ gives the batches fileBatches$ gives from the text', async () => {
  const csv = join(dir, 'data.csv');
  await writeCsv(csv, syntheticLinear({ n: 30_000, w: [1, -2, 0.5], seed: 4 }));
  const spill = join(dir, 'data.f64');
  const spilled = await lastValueFrom(spillRows(Readable.from([readFileSync(csv)]), spill, { name: 'stdin' }));
  assert.equal(spilled, { n: 30_000, d: 3, features: ['x1', 'x2', 'x3'], label: 'y' });
  assert.is(statSync(spill).size, 30_000 * 4 * 8);
  for (const [size, batchSize, epoch] of [[1_000, 64, 2], [0, 100, 1], [50_000, 7, 3]] as const) {
    const options = { batchSize, epoch, seed: 11, ...(size ? { shuffleBuffer: size } : {}) };
    const expected = (await all(fileBatches$(csv, options))).map(plain);
    const got = (await all(float64Batches$(spill, { d: 3, ...options }))).map(plain);
    assert.equal(got, expected, `buffer ${size}`);
  }
});

test('a bad line stops the spill with the usual error; a cut file and bad options are refused', async () => {
  const error = await lastValueFrom(spillRows(Readable.from(['a,y\n1,2\n1,x\n']), join(dir, 'bad.f64'), { name: 'stdin' })).catch((e: Error) => e);
  assert.is((error as Error).message, 'stdin:3: column y is not a number: "x"');
  const cut = join(dir, 'cut.f64');
  const out = new Float64RowWriter(cut, 2);
  out.row(Float64Array.of(1, 2), 0, 3);
  out.close();
  writeFileSync(cut, readFileSync(cut).subarray(0, 20));
  const cutError = await all(float64Batches$(cut, { d: 2, batchSize: 1 })).catch((e: Error) => e);
  assert.is((cutError as Error).message, `${cut}: cannot read: the file ends in the middle of a row (20 of 24 bytes)`);
  assert.throws(
    () => float64Batches$(cut, { d: 0, batchSize: 1 }),
    (e: Error) => e.message === 'invalid argument. d must be a positive integer. Value: `0`.',
  );
});

test('scanRows$ and spillStream$ sniff the format, count the rows and refuse what readDataset refuses', async () => {
  const text = join(dir, 'rows.txt');
  writeFileSync(text, '\uFEFF{"a":1,"y":2}\n{"a":3,"y":4}\n\n');
  assert.equal(await lastValueFrom(scanRows$(text)), { n: 2, d: 1, format: 'ndjson', features: ['a'], label: 'y' });
  const spilled = await lastValueFrom(spillStream$(Readable.from([readFileSync(text)]), join(dir, 'rows.f64'), { name: 'stdin' }));
  assert.equal(spilled, { n: 2, d: 1, format: 'ndjson', features: ['a'], label: 'y' });
  assert.equal((await all(float64Batches$(join(dir, 'rows.f64'), { d: 1, batchSize: 5 }))).map((b) => [...b.X, ...b.y]), [[1, 3, 2, 4]]);
  const failure = (o: Observable<unknown>) => lastValueFrom(o).then(() => undefined, (e: Error & { code?: string }) => [e.message, e.code]);
  writeFileSync(join(dir, 'header.csv'), 'x,y\n');
  assert.equal(await failure(scanRows$(join(dir, 'header.csv'))), [`${join(dir, 'header.csv')}: no data rows (its first line is read as the header of column names)`, undefined]);
  assert.equal((await failure(scanRows$(join(dir, 'missing.csv'))))?.[1], 'ENOENT');
  assert.equal(await failure(spillStream$(Readable.from(['x,y\n']), join(dir, 'h.f64'), { name: 'stdin' })), ['stdin: no data rows (its first line is read as the header of column names)', undefined]);
  assert.equal(await failure(spillStream$(Readable.from([]), join(dir, 'e.f64'), { name: 'stdin' })), ['stdin: empty file: expected a header line', undefined]);
});

test.run();
