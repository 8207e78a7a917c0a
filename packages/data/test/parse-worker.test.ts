// fileBatches$ with its parse on a worker thread: the same batches, bit for bit, and the same errors as the inline
// path; `auto` hands a large file over to the worker midway; unsubscribing terminates the worker, so the process exits.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, map, toArray, type Observable } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataFormatError, syntheticLinear, type Batch } from '../src/index.js';
import { fileBatches$, scanRows$, writeCsv, writeNdjson, type FileBatchesOptions } from '../src/node.js';
import { WORKER_MIN_BYTES } from '../src/parse-mode.js';
import { parseWorkerLog } from '../src/parse-worker-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-parse-worker-test-'));
test.after(() => rmSync(dir, { recursive: true, force: true })); // ~60 MB of files
const all = (batches$: Observable<Batch>) => lastValueFrom(batches$.pipe(toArray()));
const plain = (b: Batch) => ({ ...b, X: [...b.X], y: [...b.y], indices: [...b.indices] });
const failure = (batches$: Observable<Batch>) =>
  new Promise<{ error: Error; batches: number }>((resolve, reject) => {
    let batches = 0;
    batches$.subscribe({ next: () => batches++, error: (error: Error) => resolve({ error, batches }), complete: () => reject(new Error('completed without an error')) });
  });

/** A CSV whose rows take every path: plain, quoted, 17 digits, tiny exponents, blanks around cells; CRLF and a BOM. */
function mixedCsv(path: string, rows: number): void {
  const lines = ['\uFEFFa,b,y'];
  for (let i = 0; i < rows; i++) {
    const kind = i % 5;
    if (kind === 0) lines.push(`"${i}",0.1,${i * 3}`);
    else if (kind === 1) lines.push(`${i},0.12345678901234567,-${i}e-30`);
    else lines.push(`${i}, ${i / 7} ,${-i}`);
  }
  writeFileSync(path, lines.join('\r\n') + '\r\n');
}

test('parse: "worker" gives the same batches, bit for bit, as "inline" (CSV with every kind of row, NDJSON; shuffled or not, dropLast, reuse)', async () => {
  const mixed = join(dir, 'mixed.csv');
  mixedCsv(mixed, 3_000);
  const ds = syntheticLinear({ n: 20_000, w: [1, -2, 0.5], seed: 4 });
  const ndjson = join(dir, 'data.ndjson');
  await writeNdjson(ndjson, ds);
  const cases: Omit<FileBatchesOptions, 'parse'>[] = [
    { batchSize: 64, shuffleBuffer: 1_000, seed: 9 },
    { batchSize: 10, shuffleBuffer: 50_000, seed: 2, dropLast: true },
    { batchSize: 7 },
  ];
  for (const path of [mixed, ndjson]) {
    for (const options of cases) {
      const inline = (await all(fileBatches$(path, { ...options, parse: 'inline' }))).map(plain);
      const worker = (await all(fileBatches$(path, { ...options, parse: 'worker' }))).map(plain);
      assert.ok(inline.length > 40);
      assert.equal(worker, inline, `${path} ${JSON.stringify(options)}`);
    }
    // reuse: two sets of arrays taken in turn, so each batch is copied as it comes.
    const reused = await lastValueFrom(fileBatches$(path, { batchSize: 32, shuffleBuffer: 500, seed: 1, reuse: true, parse: 'worker' }).pipe(map(plain), toArray()));
    assert.equal(reused, (await all(fileBatches$(path, { batchSize: 32, shuffleBuffer: 500, seed: 1 }))).map(plain), `${path}, reuse`);
  }
});

test('lines the worker leaves to the main thread as text (from its second chunk on) give the same batches and line numbers', async () => {
  // ~5 MiB: every 1 MiB chunk after the first is a candidate; lone \r line ends shift the numbering, which both sides must count.
  const lines = ['a,b,y'];
  for (let i = 0; lines.length < 250_000; i++) lines.push(i % 997 === 0 ? `"${i}",${i / 3},${i}\r${i},1,2` : `${i},${(i % 89) / 7},${-i}`);
  const path = join(dir, 'texts.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  const options = { batchSize: 64, shuffleBuffer: 5_000, seed: 8 };
  const inline = (await all(fileBatches$(path, { ...options, parse: 'inline' }))).map(plain);
  assert.equal((await all(fileBatches$(path, { ...options, parse: 'worker' }))).map(plain), inline);
  for (const at of [60_000, 200_000]) {
    const bad = join(dir, `texts-bad-${at}.csv`);
    writeFileSync(bad, [...lines.slice(0, at), '1,2,oops', ...lines.slice(at)].join('\n') + '\n');
    const expected = await failure(fileBatches$(bad, { ...options, parse: 'inline' }));
    const got = await failure(fileBatches$(bad, { ...options, parse: 'worker' }));
    assert.is(got.error.message, expected.error.message);
    assert.is(got.batches, expected.batches);
  }
});

test('auto: a file of 8 MiB or more is read inline until the worker is ready, then the worker reads the rest; the same batches', async () => {
  const path = join(dir, 'large.csv');
  await writeCsv(path, syntheticLinear({ n: 60_000, w: Array.from({ length: 12 }, (_, j) => j - 6), seed: 5 }));
  const options = { batchSize: 64, shuffleBuffer: 2_000, seed: 3 };
  const inline = (await all(fileBatches$(path, { ...options, parse: 'inline' }))).map(plain);
  // Paced, and held at the first chunk until a worker is ready, so that the handover surely comes midway.
  const readyBefore = parseWorkerLog.ready;
  const handoversBefore = parseWorkerLog.handovers.length;
  const ready = () => new Promise<void>((resolve) => {
    const poll = () => (parseWorkerLog.ready > readyBefore ? resolve() : setTimeout(poll, 5));
    poll();
  });
  const auto = (await all(fileBatches$(path, { ...options, pace: { sliceMs: 1_000, ready } }))).map(plain);
  assert.equal(parseWorkerLog.handovers.length, handoversBefore + 1, 'one handover');
  const at = parseWorkerLog.handovers.at(-1)!;
  assert.ok(at.offset > 0 && at.line > 1, JSON.stringify(at));
  assert.equal(auto, inline);
  assert.ok(WORKER_MIN_BYTES <= 8 << 20);
});

test('errors raised in the worker reach the subscriber as they do inline: a bad cell names file, line and problem; a missing file names the path and code', async () => {
  const path = join(dir, 'bad.csv');
  writeFileSync(path, 'a,y\n' + Array.from({ length: 5_000 }, (_, i) => (i === 4_321 ? '1,x2' : `${i},${i}`)).join('\n') + '\n');
  const options = { batchSize: 10, shuffleBuffer: 100, seed: 1 } as const;
  const inline = await failure(fileBatches$(path, { ...options, parse: 'inline' }));
  const worker = await failure(fileBatches$(path, { ...options, parse: 'worker' }));
  assert.instance(worker.error, DataFormatError);
  assert.is(worker.error.message, inline.error.message);
  assert.match(worker.error.message, /bad\.csv:4323: /);
  assert.is((worker.error as DataFormatError).line, 4_323);
  assert.is(worker.batches, inline.batches, 'the batches before the error');
  const missing = join(dir, 'missing.csv');
  const lost = await failure(fileBatches$(missing, { batchSize: 2, parse: 'worker' }));
  const lostInline = await failure(fileBatches$(missing, { batchSize: 2, parse: 'inline' }));
  assert.is(lost.error.message, lostInline.error.message);
  assert.is((lost.error as NodeJS.ErrnoException).code, 'ENOENT');
  const empty = join(dir, 'empty.csv');
  writeFileSync(empty, '');
  assert.is((await failure(fileBatches$(empty, { batchSize: 2, parse: 'worker' }))).error.message, `${empty}: empty file: expected a header line`);
});

test('scanRows$ counts a file of 8 MiB or more with the worker as well: the same shape, and a bad line near its end named as inline names it', async () => {
  const path = join(dir, 'scan.csv');
  await writeCsv(path, syntheticLinear({ n: 50_000, w: Array.from({ length: 16 }, (_, j) => j / 3), seed: 9 }));
  assert.ok(statSync(path).size >= WORKER_MIN_BYTES, `${statSync(path).size} bytes`);
  const shape = await lastValueFrom(scanRows$(path));
  assert.equal([shape.n, shape.d, shape.format, shape.label], [50_000, 16, 'csv', 'y']);
  const lines = readFileSync(path, 'utf8').split('\n');
  lines[49_000] = lines[49_000].replace(/,[^,]*$/, ',oops');
  const bad = join(dir, 'scan-bad.csv');
  writeFileSync(bad, lines.join('\n'));
  const error = await lastValueFrom(scanRows$(bad)).then(() => undefined, (e: Error) => e);
  assert.instance(error, DataFormatError);
  assert.is((error as DataFormatError).line, 49_001);
  assert.match((error as Error).message, `${bad}:49001: `);
});

test('unsubscribing midway terminates the worker: a process that takes 3 batches of a large file and unsubscribes exits by itself', async () => {
  const path = join(dir, 'exit.csv');
  await writeCsv(path, syntheticLinear({ n: 100_000, w: [1, 2, 3, 4], seed: 7 }));
  const source = new URL('../src/node.ts', import.meta.url).href;
  const script = join(dir, 'take-three.mts');
  writeFileSync(
    script,
    // rxjs by its resolved URL: a script in the temp folder finds no node_modules above it.
    `import { take } from ${JSON.stringify(import.meta.resolve('rxjs'))};\nimport { fileBatches$ } from ${JSON.stringify(source)};\n` +
      `for (const parse of ['worker', 'auto']) fileBatches$(${JSON.stringify(path)}, { batchSize: 8, parse }).pipe(take(3)).subscribe({ complete: () => console.log(parse, 'took 3') });\n`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  assert.is(code, 0, `exit code ${code} (killed after 20 s if a worker kept it alive): ${out}`);
  assert.equal(out.trim().split('\n').sort(), ['auto took 3', 'worker took 3']);
});

test.run();
