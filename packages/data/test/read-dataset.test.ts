import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readDataset } from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-read-dataset-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function rejectsWith(promise: Promise<unknown>, message: string, fields: Record<string, unknown> = {}): Promise<void> {
  try {
    await promise;
  } catch (err) {
    assert.is((err as Error).message, message);
    for (const [key, value] of Object.entries(fields)) assert.is((err as unknown as Record<string, unknown>)[key], value, key);
    return;
  }
  assert.unreachable(`expected: ${message}`);
}

test('a file is read as NDJSON when it says so by its extension or by its first character, else as CSV', async () => {
  const sniffed = join(dir, 'rows.txt');
  writeFileSync(sniffed, '  {"a":1,"b":2,"y":3}\n{"a":4,"b":5,"y":6}\n');
  const ds = await readDataset(sniffed);
  assert.equal([ds.n, ds.d, [...ds.X], [...ds.y], ds.featureNames, ds.labelName], [2, 2, [1, 2, 4, 5], [3, 6], ['a', 'b'], 'y']);
  const csv = join(dir, 'rows.data');
  writeFileSync(csv, 'a,price\n1,2\n');
  const fromCsv = await readDataset(csv, { label: 'price' });
  assert.equal([fromCsv.n, [...fromCsv.X], [...fromCsv.y], fromCsv.labelName], [1, [1], [2], 'price']);
});

test('a stream (stdin) is read to its end, its format sniffed, and named in errors', async () => {
  const ds = await readDataset(Readable.from(['x1,x2,y\n1,2,', '3\n4,5,6\n']), { name: 'stdin' });
  assert.equal([ds.n, [...ds.X], [...ds.y]], [2, [1, 2, 4, 5], [3, 6]]);
  const nd = await readDataset(Readable.from(['{"x":1,"y":2}\n']));
  assert.equal([nd.n, [...nd.y]], [1, [2]]);
  await rejectsWith(readDataset(Readable.from(['x1,y\n1,2\n3\n']), { name: 'stdin' }), 'stdin:3: expected 2 columns, found 1');
});

test('a directory is an error that names it and keeps code and path, so the CLI can name its option', async () => {
  await rejectsWith(readDataset(dir), `${dir}: cannot read: it is a directory, not a file`, { code: 'EISDIR', path: dir });
  const missing = join(dir, 'nope.csv');
  await rejectsWith(readDataset(missing), `${missing}: cannot read: ENOENT: no such file or directory, open '${missing}'`, { code: 'ENOENT', path: missing });
});

test('a header without rows has nothing to train on', async () => {
  const path = join(dir, 'header-only.csv');
  writeFileSync(path, 'x1,y\n');
  await rejectsWith(readDataset(path), `${path}: no data rows (its first line is read as the header of column names)`);
});

test('arguments are checked with the house message', async () => {
  // @ts-expect-error a wrong type on purpose
  await rejectsWith(readDataset(3), 'invalid argument. source must be a file path or a readable stream. Value: `3`.');
  // @ts-expect-error a wrong value on purpose
  await rejectsWith(readDataset('x.csv', { format: 'tsv' }), 'invalid argument. format must be "csv" or "ndjson". Value: `"tsv"`.');
  // @ts-expect-error an unknown option on purpose
  await rejectsWith(readDataset('x.csv', { lable: 'y' }), 'invalid argument. options.lable is not an option; the options are label, format, name, classes. Value: `"y"`.');
  // @ts-expect-error a wrong type on purpose
  await rejectsWith(readDataset('missing.csv', { label: 3 }), 'invalid argument. label must be a nonempty string. Value: `3`.');
});

test.run();
