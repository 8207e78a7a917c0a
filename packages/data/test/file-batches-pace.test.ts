import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StepGate, syntheticLinear, type Batch } from '../src/index.js';
import { fileBatches$, writeCsv } from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-file-pace-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const plain = (b: Batch) => ({ ...b, X: [...b.X], y: [...b.y], indices: [...b.indices] });

test('paced: the same batches, in slices, with ready() awaited between them, from a file and a stream', async () => {
  const path = join(dir, 'big.csv');
  await writeCsv(path, syntheticLinear({ n: 20_000, w: [1, -1, 2, 0.5], seed: 8 }));
  const options = { batchSize: 32, shuffleBuffer: 1_000, seed: 4 };
  const expected = (await lastValueFrom(fileBatches$(path, options).pipe(toArray()))).map(plain);
  for (const source of [() => path, () => createReadStream(path)]) {
    let readies = 0;
    const ready = () => new Promise<void>((resolve) => setImmediate(() => (readies++, resolve())));
    const got = (await lastValueFrom(fileBatches$(source(), { ...options, pace: { sliceMs: 0.001, ready } }).pipe(toArray()))).map(plain);
    assert.equal(got, expected);
    assert.ok(readies > 3, `ready() was awaited ${readies} times`);
  }
});

test('paced by a gate: one batch per step the gate grants; unsubscribing stops reading', async () => {
  const path = join(dir, 'small.csv');
  await writeCsv(path, syntheticLinear({ n: 200, w: [1], seed: 2 }));
  const gate = new StepGate({ stepsPerSecond: 200 });
  const t0 = performance.now();
  const batches = await lastValueFrom(fileBatches$(path, { batchSize: 10, pace: { sliceMs: 50, gate } }).pipe(toArray()));
  const ms = performance.now() - t0;
  assert.is(batches.length, 20);
  assert.ok(ms > 70, `20 steps at 200/s took ${ms} ms`);
  const seen: number[] = [];
  const paused = new StepGate({ paused: true });
  const subscription = fileBatches$(path, { batchSize: 10, pace: { sliceMs: 50, gate: paused } }).subscribe((b) => seen.push(b.index));
  paused.step();
  await new Promise((resolve) => setTimeout(resolve, 50));
  subscription.unsubscribe();
  assert.equal(seen, [0]);
});

test('pace with reuse is refused', () => {
  assert.throws(
    () => fileBatches$('a.csv', { batchSize: 2, reuse: true, pace: { sliceMs: 5 } }),
    (e: Error) => e.message === 'invalid argument. reuse cannot be true with pace (paced batches wait in a queue, so each needs its own arrays). Value: `true`.',
  );
});

test.run();
