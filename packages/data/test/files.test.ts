import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { syntheticLinear, type Dataset } from '../src/index.js';
import { readCsv, readNdjson, writeCsv, writeNdjson } from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-data-files-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function assertSameData(back: Dataset, ds: Dataset): void {
  assert.is(back.n, ds.n);
  assert.is(back.d, ds.d);
  assert.ok(bytes(back.X).equals(bytes(ds.X)), 'X bit for bit');
  assert.ok(bytes(back.y).equals(bytes(ds.y)), 'y bit for bit');
}

test('CSV round trip is exact, bit for bit, over 5000 rows (more than one write chunk)', async () => {
  const ds = syntheticLinear({ n: 5000, w: [1.5, -2, 0.25], seed: 3 });
  const path = join(dir, 'data.csv');
  await writeCsv(path, ds);
  const text = readFileSync(path, 'utf8');
  assert.ok(text.startsWith('x1,x2,x3,y\n'));
  assert.is(text.trimEnd().split('\n').length, 5001);
  const back = await readCsv(path);
  assertSameData(back, ds);
  assert.equal(back.featureNames, ['x1', 'x2', 'x3']);
  assert.is(back.labelName, 'y');
});

test('NDJSON round trip is exact; each line is one flat object', async () => {
  const ds = syntheticLinear({ n: 2500, seed: 4 });
  const path = join(dir, 'data.ndjson');
  await writeNdjson(path, ds);
  const first = JSON.parse(readFileSync(path, 'utf8').split('\n')[0]);
  assert.equal(Object.keys(first), ['x1', 'x2', 'y']);
  assert.is(first.x1, ds.X[0]);
  assert.is(first.y, ds.y[0]);
  assertSameData(await readNdjson(path), ds);
});

test('column names survive the round trip; label picks the label column anywhere', async () => {
  const path = join(dir, 'named.csv');
  writeFileSync(path, 'price, size ,rooms\n100,50,2\n200,80.5,3\n');
  const byDefault = await readCsv(path);
  assert.is(byDefault.labelName, 'rooms', 'no y column: the last column is the label');
  assert.equal([...byDefault.y], [2, 3]);
  const ds = await readCsv(path, { label: 'price' });
  assert.equal(ds.featureNames, ['size', 'rooms']);
  assert.equal([...ds.X], [50, 2, 80.5, 3]);
  assert.equal([...ds.y], [100, 200]);
  const copy = join(dir, 'named-copy.csv');
  await writeCsv(copy, ds);
  assert.is(readFileSync(copy, 'utf8'), 'size,rooms,price\n50,2,100\n80.5,3,200\n');
});

test('CRLF line ends, a BOM and blank lines are accepted', async () => {
  const path = join(dir, 'windows.csv');
  writeFileSync(path, '\uFEFFx1,y\r\n1,2\r\n\r\n3,4\r\n');
  const ds = await readCsv(path);
  assert.equal([...ds.X], [1, 3]);
  assert.equal([...ds.y], [2, 4]);
});

test('writing to a stream leaves it open and respects its content', async () => {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => (text += chunk));
  await writeCsv(out, { n: 2, d: 1, X: Float64Array.of(0.1, -2e-300), y: Float64Array.of(1e21, 5) });
  assert.is(out.writableEnded, false);
  assert.is(text, 'x1,y\n0.1,1e+21\n-2e-300,5\n');
  text = '';
  await writeNdjson(out, { n: 1, d: 1, X: Float64Array.of(0.5), y: Float64Array.of(-1), featureNames: ['a b'], labelName: 'c' });
  assert.is(text, '{"a b":0.5,"c":-1}\n');
});

test('a slow stream: the writer waits for drain every chunk and leaves no listener behind', async () => {
  const out = new PassThrough({ highWaterMark: 1024 });
  let bytesRead = 0;
  // A consumer slower than the writer: every chunk of 64 KiB fills the 1 KiB buffer and waits for drain.
  out.on('data', (chunk: Buffer) => {
    bytesRead += chunk.length;
    out.pause();
    setImmediate(() => out.resume());
  });
  const before = { error: out.listenerCount('error'), drain: out.listenerCount('drain') };
  const ds = syntheticLinear({ n: 20_000, seed: 5 });
  await writeCsv(out, ds);
  assert.equal({ error: out.listenerCount('error'), drain: out.listenerCount('drain') }, before);
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(bytesRead > 20_000 * 10, `read ${bytesRead} bytes`);
});

async function rejectsWith(promise: Promise<unknown>, message: string): Promise<void> {
  try {
    await promise;
  } catch (err) {
    assert.is((err as Error).message, message);
    return;
  }
  assert.unreachable(`expected: ${message}`);
}

test('a malformed CSV line names the file, the line and the problem', async () => {
  const cases: [string, string][] = [
    ['x1,x2,y\n1,2,3\n4,5\n', 'short.csv:3: expected 3 columns, found 2'],
    ['x1,x2,y\n1,2,3\n\n4,abc,6\n', 'short.csv:4: column x2 is not a number: "abc"'],
    ['x1,x2,y\n1,,3\n', 'short.csv:2: column x2 is not a number: ""'],
    ['x1,x2,y\n1,NaN,3\n', 'short.csv:2: column x2 is not a number: "NaN"'],
    ['x1,x1,y\n1,2,3\n', 'short.csv:1: duplicate column "x1"'],
    ['y\n1\n', 'short.csv:1: expected at least 2 columns (features and a label), found 1'],
    ['', 'short.csv: empty file: expected a header line'],
  ];
  const path = join(dir, 'short.csv');
  for (const [content, message] of cases) {
    writeFileSync(path, content);
    await rejectsWith(readCsv(path), path + message.slice('short.csv'.length));
  }
  writeFileSync(path, 'a,b\n1,2\n');
  await rejectsWith(readCsv(path, { label: 'z' }), `${path}:1: no label column "z" (columns: a, b)`);
});

test('a malformed NDJSON line names the file, the line and the problem', async () => {
  const cases: [string, string][] = [
    ['{"x1":1,"y":2}\n{"x1":1}\n', ':2: missing field y'],
    ['{"x1":1,"y":2}\n{"x1":"abc","y":2}\n', ':2: field x1 is not a number: "abc"'],
    ['{"x1":1,"y":2}\n{"x1":1,"y":2,"z":3}\n', ':2: unexpected field "z"'],
    ['{"x1":1,"y":2}\n[1,2]\n', ':2: expected a JSON object, found [1,2]'],
  ];
  const path = join(dir, 'bad.ndjson');
  for (const [content, message] of cases) {
    writeFileSync(path, content);
    await rejectsWith(readNdjson(path), path + message);
  }
  writeFileSync(path, '{"x1":1,"y":2}\n{"x1":1,\n');
  try {
    await readNdjson(path);
    assert.unreachable();
  } catch (err) {
    assert.match((err as Error).message, new RegExp(`^${path}:2: not valid JSON \\(`));
  }
});

test('a missing file is named', async () => {
  const path = join(dir, 'nope.csv');
  await rejectsWith(readCsv(path), `${path}: cannot read: ENOENT: no such file or directory, open '${path}'`);
});

test('readers and writers validate their arguments (as rejections: they return promises)', async () => {
  const ds = syntheticLinear({ n: 3, seed: 1 });
  await rejectsWith(writeCsv('', ds), 'invalid argument. target must be a file path or a writable stream. Value: `""`.');
  const nan = { ...ds, y: Float64Array.of(1, NaN, 3) };
  await rejectsWith(writeCsv(join(dir, 'nan.csv'), nan), 'invalid argument. ds.y[1] must be a finite number. Value: `NaN`.');
  await rejectsWith(
    writeNdjson(join(dir, 'x.ndjson'), { ...ds, featureNames: ['a'] }),
    'invalid argument. ds.featureNames must hold d = 2 nonempty names without commas. Value: `["a"]`.',
  );
  // @ts-expect-error a wrong type on purpose
  await rejectsWith(writeCsv(join(dir, 'x.csv'), { n: 1 }), 'invalid argument. ds.d must be a positive integer. Value: `undefined`.');
  const missing = join(dir, 'no-such-dir', 'x.csv');
  await rejectsWith(writeCsv(missing, ds), `${missing}: cannot write: ENOENT: no such file or directory, open '${missing}'`);
  await rejectsWith(readCsv(''), 'invalid argument. path must be a nonempty string. Value: `""`.');
  // @ts-expect-error a wrong type on purpose
  await rejectsWith(readNdjson('a.ndjson', { label: 3 }), 'invalid argument. label must be a nonempty string. Value: `3`.');
});

test.run();
