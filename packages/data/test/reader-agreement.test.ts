// Issue 12 (weak points): the CSV and NDJSON readers agree — a byte-order mark is skipped by both, a number out
// of double range (1e400) is refused by both with the same rule — and a CSV cell is a decimal number, so `0x10`
// is an error, not 16. Real files, read through readDataset.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readDataset } from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-agreement-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const message = (path: string) =>
  readDataset(path).then(
    () => 'read without error',
    (err: Error) => err.message,
  );

test('a byte-order mark is skipped by both readers', async () => {
  for (const path of [file('bom.csv', '\uFEFFx1,y\n1,2\n3,4\n'), file('bom.ndjson', '\uFEFF{"x1":1,"y":2}\n{"x1":3,"y":4}\n')]) {
    const ds = await readDataset(path);
    assert.equal([Array.from(ds.X), Array.from(ds.y)], [[1, 3], [2, 4]], path);
  }
});

test('1e400 is out of double range for both readers, with the same rule', async () => {
  const csv = file('big.csv', 'x1,y\n1e400,2\n3,4\n');
  const ndjson = file('big.ndjson', '{"x1":1e400,"y":2}\n{"x1":3,"y":4}\n');
  assert.is(await message(csv), `${csv}:2: column x1 is out of range (not a finite double): "1e400"`);
  assert.is(await message(ndjson), `${ndjson}:1: field x1 is out of range (not a finite double): Infinity`);
  const negative = file('small.csv', 'x1,y\n-1e400,2\n');
  assert.is(await message(negative), `${negative}:2: column x1 is out of range (not a finite double): "-1e400"`);
});

test('a CSV cell must be a decimal number: 0x10, 0b11, 1_000 and Infinity are errors', async () => {
  for (const cell of ['0x10', '0b11', '0o7', '1_000', 'Infinity']) {
    const path = file(`cell-${cell}.csv`, `x1,y\n${cell},2\n3,4\n`);
    assert.is(await message(path), `${path}:2: column x1 is not a number: "${cell}"`);
  }
  const ok = await readDataset(file('decimal.csv', 'x1,y\n+1.5e3,.5\n-2.,1E-3\n'));
  assert.equal(Array.from(ok.X), [1500, -2]);
});

test('a 10 MB bad cell is quoted cut to 80 characters, not echoed in full (CSV and NDJSON)', async () => {
  const huge = 'a'.repeat(10_000_000);
  const csv = await message(file('huge.csv', `x,y\n1,2\n${huge},3\n`));
  assert.ok(csv.length < 200, `message of ${csv.length} characters`);
  assert.is(csv, `${join(dir, 'huge.csv')}:3: column x is not a number: "${'a'.repeat(76)}...`);
  const nd = await message(file('huge.ndjson', `{"x":1,"y":2}\n{"x":"${huge}","y":3}\n`));
  assert.ok(nd.length < 200, `message of ${nd.length} characters`);
});

test.run();
