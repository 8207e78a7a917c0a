import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { lastValueFrom, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rows$ } from '../src/node.js';

/** A stream that hands the text over `size` bytes at a time, so lines and numbers straddle chunks. */
function chunked(text: string, size: number): Readable {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let k = 0; k < bytes.length; k += size) parts.push(bytes.subarray(k, k + size));
  return Readable.from(parts);
}

async function read(text: string, options: { format?: 'csv' | 'ndjson'; size?: number; label?: string } = {}) {
  const rows = await lastValueFrom(rows$(chunked(text, options.size ?? 3), { name: 'in', format: options.format, label: options.label }).pipe(toArray()));
  return rows.map((r) => [[...r.x], r.y, r.line]);
}

async function fails(text: string, format: 'csv' | 'ndjson' = 'csv'): Promise<string> {
  try {
    await read(text, { format });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

test('chunk sizes from 1 byte to 1 MiB give the same rows; CRLF, a BOM and blank lines are handled', async () => {
  const text = '\uFEFFx1,x2,y\r\n1.5,-2e3,3\r\n\r\n  \n0.1, 7 ,-0\n4,5,6\n';
  const expected = [
    [[1.5, -2000], 3, 2],
    [[0.1, 7], -0, 5],
    [[4, 5], 6, 6],
  ];
  for (const size of [1, 2, 3, 7, 1 << 20]) assert.equal(await read(text, { size }), expected, `chunks of ${size}`);
});

test('a stream that ends in the middle of a row was cut off: refused, naming the line; a file may end without a line end', async () => {
  // `gradstream generate | gradstream train --stdin` with the producer killed mid-write: 6.2 may be half of 6.25.
  assert.is(await fails('x1,x2,y\n1,2,3\n4,5,6.2'), 'in:3: the input ended in the middle of a row (no line end after it): its producer was cut off, so the row may be half-written');
  assert.is(await fails('{"x":1,"y":2}\n{"x":3,"y":4}', 'ndjson'), 'in:2: the input ended in the middle of a row (no line end after it): its producer was cut off, so the row may be half-written');
  const dir = mkdtempSync(join(tmpdir(), 'gradstream-unterminated-'));
  try {
    const file = join(dir, 'no-final-newline.csv');
    writeFileSync(file, 'x1,y\n1,2\n3,4');
    const rows = await lastValueFrom(rows$(file).pipe(toArray()));
    assert.equal(rows.map((r) => [r.x[0], r.y]), [[1, 2], [3, 4]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a lone CR ends a line, as readline does', async () => {
  assert.equal(await read('a,y\r1,2\r3,4\n'), [
    [[1], 2, 2],
    [[3], 4, 3],
  ]);
});

test('quoted fields: quoted names and numbers, commas and doubled quotes inside quotes', async () => {
  assert.equal(await read('"x, one","say ""hi""",y\n"1",  "2" ,3\n', { label: 'y' }), [[[1, 2], 3, 2]]);
  const names = await lastValueFrom(rows$(chunked('"x, one","say ""hi""",y\n1,2,3\n', 4)).pipe(toArray()));
  assert.is(names.length, 1);
  assert.is(await fails('a,y\n"1,2",3\n'), 'in:2: column a is not a number: "1,2"');
});

test('numbers outside the fast path go to Number(): leading +, leading point, 17 digits; hex is an error (issue 12)', async () => {
  assert.equal(await read('a,b,c,y\n+1,.5,0.30000000000000004,16\n'), [[[1, 0.5, 0.30000000000000004], 16, 2]]);
  assert.is(await fails('a,y\n1,0x10\n'), 'in:2: column y is not a number: "0x10"');
  assert.is(await fails('a,y\n1,1e999\n'), 'in:2: column y is out of range (not a finite double): "1e999"');
  assert.is(await fails('a,y\n1,\n'), 'in:2: column y is not a number: ""');
});

test('a bad cell is named with file, line and column, and cut to 80 characters', async () => {
  const long = 'z'.repeat(200);
  const message = await fails(`a,b,y\n1,2,3\n1,${long},3\n`);
  assert.is(message, `in:3: column b is not a number: "${'z'.repeat(76)}...`);
  assert.is(message.length, 'in:3: column b is not a number: '.length + 80);
});

test('NDJSON: the canonical form and any other valid form give the same rows; invalid JSON is named', async () => {
  const text = '{"a":1,"y":2}\n{ "a" : 3 , "y" : 4 }\n{"y":6,"a":5}\n{"a":7.5e-1,"y":-0}\r\n';
  assert.equal(await read(text, { format: 'ndjson' }), [
    [[1], 2, 1],
    [[3], 4, 2],
    [[5], 6, 3],
    [[0.75], -0, 4],
  ]);
  assert.match(await fails('{"a":1,"y":2}\n{"a":01,"y":2}\n', 'ndjson'), /^in:2: not valid JSON \(/);
  assert.is(await fails('{"a":1,"y":2}\n{"a":"1","y":2}\n', 'ndjson'), 'in:2: field a is not a number: "1"');
  assert.is(await fails('{"a":1,"y":2}\n{"a":1,"y":2,"b":3}\n', 'ndjson'), 'in:2: unexpected field "b"');
});

test.run();
