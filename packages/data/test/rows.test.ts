import { readdirSync, readlinkSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataFormatError, syntheticLinear } from '../src/index.js';
import { rows$, writeCsv } from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-data-rows-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** How many of this process's file descriptors point at `path` (Linux /proc). */
function openDescriptors(path: string): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) count++;
    } catch {
      // the descriptor closed while listing
    }
  }
  return count;
}

test('rows carry features, label, line number and running index', async () => {
  const path = join(dir, 'small.csv');
  writeFileSync(path, 'x1,y,x2\n1,10,2\n\n3,30,4\n');
  const rows = await lastValueFrom(rows$(path).pipe(toArray()));
  assert.equal(
    rows.map((r) => [[...r.x], r.y, r.line, r.index]),
    [
      [[1, 2], 10, 2, 0],
      [[3, 4], 30, 4, 1],
    ],
  );
});

test('lazy and cold: the file is opened on subscribe, re-read by each subscription, closed on unsubscribe', async () => {
  const path = join(dir, 'big.csv');
  await writeCsv(path, syntheticLinear({ n: 50_000, seed: 1 }));
  const source = rows$(path);
  await sleep(20);
  assert.is(openDescriptors(path), 0, 'nothing opened before subscribe');
  const first = await firstValueFrom(source);
  const again = await firstValueFrom(source);
  assert.equal(first, again);
  assert.is(first.line, 2);

  let seen = 0;
  const subscription = source.subscribe(() => {
    seen++;
  });
  await sleep(0);
  subscription.unsubscribe();
  await sleep(50);
  assert.is(openDescriptors(path), 0, 'closed after unsubscribe');
  assert.ok(seen < 50_000, `stopped early (${seen} rows)`);
});

test('a stream is read on demand, not buffered whole: take(2) pulls a few chunks of 10,000', async () => {
  let produced = 0;
  function* chunks() {
    yield 'x1,y\n';
    for (let c = 0; c < 10_000; c++) {
      produced++;
      let text = '';
      for (let k = 0; k < 100; k++) text += `${c},${k}\n`;
      yield text;
    }
  }
  const input = Readable.from(chunks());
  const rows = await lastValueFrom(rows$(input, { name: 'stdin' }).pipe(take(2), toArray()));
  assert.equal(rows.map((r) => r.line), [2, 3]);
  await sleep(20);
  assert.ok(produced < 100, `pulled ${produced} of 10000 chunks`);
  input.destroy();
});

test('a stream defaults to CSV; format and name options apply; ndjson files are recognised by extension', async () => {
  const stream = new PassThrough();
  stream.end('{"a":1,"y":2}\n');
  const rows = await lastValueFrom(rows$(stream, { format: 'ndjson' }).pipe(toArray()));
  assert.equal([...rows[0].x], [1]);

  const path = join(dir, 'rows.jsonl');
  writeFileSync(path, '{"a":1,"b":2}\n');
  const [row] = await lastValueFrom(rows$(path, { label: 'a' }).pipe(toArray()));
  assert.equal([[...row.x], row.y], [[2], 1]);

  const bad = new PassThrough();
  bad.end('x1,y\n1,2\n3\n');
  try {
    await lastValueFrom(rows$(bad, { name: 'stdin' }));
    assert.unreachable();
  } catch (err) {
    assert.instance(err, DataFormatError);
    assert.is((err as Error).message, 'stdin:3: expected 2 columns, found 1');
    assert.is((err as DataFormatError).line, 3);
    assert.is((err as DataFormatError).source, 'stdin');
  }
});

test('a malformed line stops the stream and closes the file', async () => {
  const path = join(dir, 'broken.csv');
  writeFileSync(path, 'x1,y\n' + '1,2\n'.repeat(1000) + 'oops,2\n' + '1,2\n'.repeat(1000));
  const seen: number[] = [];
  const error = await new Promise<Error>((resolve) => rows$(path).subscribe({ next: (r) => seen.push(r.line), error: resolve }));
  assert.is(error.message, `${path}:1002: column x1 is not a number: "oops"`);
  assert.is(seen.length, 1000);
  await sleep(50);
  assert.is(openDescriptors(path), 0);
});

test('rows$ validates its arguments', () => {
  const rejects = (fn: () => unknown, message: string) => assert.throws(fn, (e: Error) => e.message === message, message);
  rejects(() => rows$(''), 'invalid argument. source must be a nonempty string. Value: `""`.');
  // @ts-expect-error a wrong type on purpose
  rejects(() => rows$(42), 'invalid argument. source must be a file path or a readable stream. Value: `42`.');
  // @ts-expect-error a wrong type on purpose
  rejects(() => rows$('a.csv', { format: 'tsv' }), 'invalid argument. format must be "csv" or "ndjson". Value: `"tsv"`.');
  rejects(() => rows$('a.csv', { label: '' }), 'invalid argument. label must be a nonempty string. Value: `""`.');
});

test.run();
