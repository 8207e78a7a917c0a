import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { lastValueFrom, take, toArray, type Observable } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { shuffleBuffer, syntheticLinear, toBatches, type Batch, type Row } from '../src/index.js';
import { fileBatches$, rows$, writeCsv, writeNdjson } from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-file-batches-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const all = (batches$: Observable<Batch>) => lastValueFrom(batches$.pipe(toArray()));
const plain = (b: Batch) => ({ ...b, X: [...b.X], y: [...b.y], indices: [...b.indices] });

test('the same batches, bit for bit, as rows$ → shuffleBuffer → toBatches (CSV and NDJSON, shuffled or not)', async () => {
  const ds = syntheticLinear({ n: 2_345, w: [1, -2, 0.5], seed: 4 });
  const csv = join(dir, 'data.csv');
  const ndjson = join(dir, 'data.ndjson');
  await writeCsv(csv, ds);
  await writeNdjson(ndjson, ds);
  for (const path of [csv, ndjson]) {
    for (const [size, batchSize, dropLast] of [
      [100, 64, false],
      [5_000, 10, true],
      [1, 7, false],
      [0, 50, false],
    ] as const) {
      // `(s) => s` first: the plain operators, not the fused pipe (rows$ runs shuffleBuffer → toBatches as fileBatches$).
      const composed = rows$(path).pipe((s) => s, size > 0 ? shuffleBuffer(size, 9) : (s) => s, toBatches(batchSize, { epoch: 3, dropLast }));
      const expected = (await all(composed)).map(plain);
      const got = (await all(fileBatches$(path, { batchSize, shuffleBuffer: size || undefined, seed: 9, epoch: 3, dropLast }))).map(plain);
      assert.ok(expected.length > 10);
      assert.equal(got, expected, `${path}, buffer ${size}, batch ${batchSize}`);
    }
  }
});

test('rows that take the exact path (quotes, 17 digits, CRLF, a BOM) land in the shuffle buffer like the others', async () => {
  const lines = ['\uFEFFa,b,y'];
  for (let i = 0; i < 500; i++) {
    const kind = i % 5;
    if (kind === 0) lines.push(`"${i}",0.1,${i * 3}`);
    else if (kind === 1) lines.push(`${i},0.12345678901234567,-${i}e-30`);
    else lines.push(`${i}, ${i / 7} ,${-i}`);
  }
  const path = join(dir, 'mixed.csv');
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  for (const [size, batchSize] of [[64, 16], [1_000, 7], [1, 3]]) {
    const expected = (await all(rows$(path).pipe((s) => s, shuffleBuffer(size, 5), toBatches(batchSize)))).map(plain);
    const got = (await all(fileBatches$(path, { batchSize, shuffleBuffer: size, seed: 5 }))).map(plain);
    assert.equal(got, expected, `buffer ${size}, batch ${batchSize}`);
  }
});

test('reuse: the same batches, in two sets of arrays taken in turn', async () => {
  const path = join(dir, 'reuse.csv');
  await writeCsv(path, syntheticLinear({ n: 1_000, w: [1, 2], seed: 6 }));
  for (const dropLast of [false, true]) {
    const fresh = (await all(fileBatches$(path, { batchSize: 64, shuffleBuffer: 100, seed: 2, dropLast }))).map(plain);
    const reused: ReturnType<typeof plain>[] = [];
    const buffers = new Set<ArrayBufferLike>();
    await new Promise<void>((resolve, reject) =>
      fileBatches$(path, { batchSize: 64, shuffleBuffer: 100, seed: 2, dropLast, reuse: true }).subscribe({
        next: (b) => {
          reused.push(plain(b));
          if (b.size === 64) buffers.add(b.X.buffer);
        },
        error: reject,
        complete: resolve,
      }),
    );
    assert.equal(reused, fresh, `dropLast ${dropLast}`);
    assert.is(buffers.size, 2);
  }
});

test('rows$(…).pipe(shuffleBuffer, toBatches, …) runs fused: the same batches and errors as the plain operators', async () => {
  const path = join(dir, 'fused.ndjson');
  await writeNdjson(path, syntheticLinear({ n: 3_000, w: [2, 1], seed: 3 }));
  const unfused = (ops: (s: Observable<Row>) => Observable<Batch>) => all(rows$(path, { label: 'x1' }).pipe((s) => s, ops));
  const cases: [string, Observable<Batch>, (s: Observable<Row>) => Observable<Batch>][] = [
    ['shuffled', rows$(path, { label: 'x1' }).pipe(shuffleBuffer(500, 2), toBatches(32, { epoch: 2 })), (s) => s.pipe(shuffleBuffer(500, 2), toBatches(32, { epoch: 2 }))],
    ['in order', rows$(path, { label: 'x1' }).pipe(toBatches(100, { dropLast: true })), (s) => s.pipe(toBatches(100, { dropLast: true }))],
    ['then take', rows$(path, { label: 'x1' }).pipe(shuffleBuffer(10, 1), toBatches(7), take(5)), (s) => s.pipe(shuffleBuffer(10, 1), toBatches(7), take(5))],
  ];
  for (const [name, fused, ops] of cases) assert.equal((await all(fused)).map(plain), (await unfused(ops)).map(plain), name);
  const bad = Readable.from(['a,y\n1,2\n1,x\n']);
  const error = await all(rows$(bad, { name: 'stdin' }).pipe(shuffleBuffer(5, 1), toBatches(2))).catch((e: Error) => e.message);
  assert.is(error, 'stdin:3: column y is not a number: "x"');
});

test('a stream source, and a malformed line that ends the batches with the error naming the line', async () => {
  const text = 'a,y\n' + '1,2\n'.repeat(100) + '1,x\n';
  const seen: Batch[] = [];
  const error = await new Promise<Error>((resolve) =>
    fileBatches$(Readable.from([text]), { batchSize: 8, name: 'stdin' }).subscribe({ next: (b) => seen.push(b), error: resolve }),
  );
  assert.is(error.message, 'stdin:102: column y is not a number: "x"');
  assert.is(seen.length, 12);
  const ok = await all(fileBatches$(Readable.from(['a,y\n1,2\n3,4\n5,6\n']), { batchSize: 2 }));
  assert.equal(
    ok.map((b) => [[...b.X], b.last]),
    [
      [[1, 3], false],
      [[5], true],
    ],
  );
});

test('fileBatches$ validates its options', () => {
  const rejects = (fn: () => unknown, message: string) => assert.throws(fn, (e: Error) => e.message === message, message);
  rejects(() => fileBatches$('a.csv', { batchSize: 0 }), 'invalid argument. batchSize must be a positive integer. Value: `0`.');
  rejects(() => fileBatches$('a.csv', { batchSize: 2, shuffleBuffer: 1.5 }), 'invalid argument. shuffleBuffer must be a positive integer. Value: `1.5`.');
  rejects(() => fileBatches$('', { batchSize: 2 }), 'invalid argument. source must be a nonempty string. Value: `""`.');
  rejects(
    // @ts-expect-error an unknown option on purpose
    () => fileBatches$('a.csv', { batchSize: 2, bufferSize: 3 }),
    'invalid argument. options.bufferSize is not an option; the options are batchSize, shuffleBuffer, seed, epoch, dropLast, reuse, pace, parse, label, format, name. Value: `3`.',
  );
  // @ts-expect-error a bad value on purpose
  rejects(() => fileBatches$('a.csv', { batchSize: 2, parse: 'threads' }), 'invalid argument. parse must be "auto", "inline" or "worker". Value: `"threads"`.');
  rejects(
    () => fileBatches$(Readable.from(['a,y\n']), { batchSize: 2, parse: 'worker' }),
    'invalid argument. parse can be "worker" only for a file path (a worker thread opens the file itself), not a stream. Value: `"worker"`.',
  );
});

test.run();
