// Checkpoints: atomic writes, validation, and resuming mid-epoch reproduces the uninterrupted run bit for bit.
import { mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { take } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minibatches, syntheticLinear } from '@gradstream/data';
import type { TrainEvent } from '@gradstream/events';
import { train, trainLinearRegression, validateCheckpoint, type Checkpoint } from '../src/index.js';
import { readCheckpoint, readReference, writeCheckpoint } from '../src/node.js';
import { collect, timeless } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-trainer-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const after = (events: TrainEvent[], globalStep: number) =>
  timeless(events.filter((e) => (e.type === 'step' || e.type === 'epoch' ? e.globalStep > globalStep : e.type === 'done')));

for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
  test(`trainLinearRegression (${optimizer}): stop after step 137 (mid epoch 2), resume from the checkpoint, same events bit for bit`, async () => {
    const path = join(dir, `lesson-${optimizer}.json`);
    const full = await collect(trainLinearRegression({ optimizer, seed: 7 }));
    // "Crash" right after step 137: the run event plus 137 steps plus the epoch-1 event.
    await collect(trainLinearRegression({ optimizer, seed: 7, checkpoint: { path, everySteps: 137 }, explain: false }).pipe(take(1 + 137 + 1)));
    const cp = await readCheckpoint(path);
    assert.equal(cp.position, { epoch: 2, index: 37, globalStep: 137 });
    assert.is(cp.optimizer.t, 137);
    const resumed = await collect(trainLinearRegression({ resume: cp }));
    assert.is(resumed[0].type, 'run');
    assert.equal(resumed[0].type === 'run' && resumed[0].w, cp.w);
    assert.equal(after(resumed, 137), after(full, 137));
    assert.is(resumed.filter((e) => e.type === 'step').length, 300 - 137);
    const done = resumed.at(-1)!;
    assert.ok(done.type === 'done' && done.steps === 300 && done.epochs === 3);
  });
}

test('unsubscribing mid-epoch writes the checkpoint of the last step taken (no periodic checkpoint needed); resume is bit for bit', async () => {
  const path = join(dir, 'interrupted.json');
  const full = await collect(trainLinearRegression({ optimizer: 'adam', seed: 9 }));
  // Stop after step 163 (mid epoch 2): run + 100 steps + epoch 1 + 63 steps. No everySteps: only epoch 1's end was saved periodically.
  await collect(trainLinearRegression({ optimizer: 'adam', seed: 9, checkpoint: { path }, explain: false }).pipe(take(1 + 100 + 1 + 63)));
  const cp = await readCheckpoint(path);
  assert.equal(cp.position, { epoch: 2, index: 63, globalStep: 163 });
  assert.equal(cp.epochAcc.count, 63);
  const resumed = await collect(trainLinearRegression({ resume: cp }));
  assert.equal(after(resumed, 163), after(full, 163));
  assert.is(resumed.filter((e) => e.type === 'step').length, 300 - 163);
});

test('unsubscribing right after the last step of an epoch saves the start of the next epoch', async () => {
  const path = join(dir, 'interrupted-at-epoch-end.json');
  // run + 100 steps: the unsubscription arrives inside step 100's event, before epoch 1 is closed; the write waits for it.
  await collect(trainLinearRegression({ seed: 9, checkpoint: { path }, explain: false }).pipe(take(1 + 100)));
  const cp = await readCheckpoint(path);
  assert.equal(cp.position, { epoch: 2, index: 0, globalStep: 100 });
  assert.equal(cp.epochAcc, { sum: 0, count: 0 });
});

test('the autograd engine resumes bit for bit too, from a checkpoint taken right after an epoch ended', async () => {
  const path = join(dir, 'autograd.json');
  const opts = { engine: 'autograd' as const, optimizer: 'momentum' as const, epochs: 2, n: 200, seed: 8 };
  const full = await collect(trainLinearRegression(opts));
  // run + 20 steps + epoch 1: the epoch-end checkpoint points at epoch 2, batch 0.
  await collect(trainLinearRegression({ ...opts, checkpoint: { path }, explain: false }).pipe(take(1 + 20 + 1)));
  const cp = await readCheckpoint(path);
  assert.equal(cp.position, { epoch: 2, index: 0, globalStep: 20 });
  assert.is(cp.engine, 'autograd');
  const resumed = await collect(trainLinearRegression({ resume: cp }));
  assert.equal(after(resumed, 20), after(full, 20));
  assert.is(resumed.filter((e) => e.type === 'step').length, 20);
});

test('a stream without a dataset: the partial epoch loss travels in the checkpoint, resume is bit for bit', async () => {
  const ds = syntheticLinear({ n: 205, w: [1, 2, 3], b: -1, seed: 3 });
  const opts = { batchSize: 20, epochs: 2, shuffle: true, seed: 3, dropLast: false };
  const cfg = { lr: 0.05, optimizer: 'adam' as const, explain: false as const };
  const path = join(dir, 'stream.json');
  const full = await collect(minibatches(ds, opts).pipe(train(cfg)));
  await collect(minibatches(ds, opts).pipe(train({ ...cfg, checkpoint: { path, everySteps: 5 } }), take(1 + 15 + 1)));
  const cp = await readCheckpoint(path);
  assert.equal(cp.position, { epoch: 2, index: 4, globalStep: 15 });
  assert.is(cp.epochAcc.count, 4);
  const resumed = await collect(minibatches(ds, { ...opts, startAt: cp.position }).pipe(train({ ...cfg, resume: cp })));
  assert.equal(after(resumed, 15), after(full, 15));
  const epoch2 = resumed.find((e) => e.type === 'epoch')!;
  assert.ok(epoch2.type === 'epoch' && epoch2.epoch === 2 && epoch2.globalStep === 22);
});

test('checkpoints are written at the end of each epoch and on done, atomically (no temp files left)', async () => {
  const sub = mkdtempSync(join(dir, 'atomic-'));
  const path = join(sub, 'run.json');
  await collect(trainLinearRegression({ epochs: 2, checkpoint: { path } }));
  const cp = await readCheckpoint(path);
  assert.equal(cp.position, { epoch: 3, index: 0, globalStep: 200 });
  assert.equal(readdirSync(sub), ['run.json']);
  // Resuming a finished run trains nothing and reports the same end.
  const again = await collect(trainLinearRegression({ resume: cp }));
  assert.equal(again.map((e) => e.type), ['run', 'done']);
  assert.equal(again[1].type === 'done' && again[1].w, cp.w);
});

test('D12: the final checkpoint is written once (the end of the last epoch and done are the same state)', async () => {
  const sub = mkdtempSync(join(dir, 'once-'));
  const path = join(sub, 'run.json');
  // inotify: every atomic write ends with a rename onto run.json.
  const writes: string[] = [];
  const watcher = watch(sub, (event, name) => {
    if (event === 'rename' && name === 'run.json') writes.push(name);
  });
  await collect(trainLinearRegression({ epochs: 2, checkpoint: { path }, explain: false }));
  await new Promise((r) => setTimeout(r, 200));
  watcher.close();
  assert.is(writes.length, 2, 'one write at the end of each epoch, none more on done');
  assert.equal((await readCheckpoint(path)).position, { epoch: 3, index: 0, globalStep: 200 });
});

test('writeCheckpoint / readCheckpoint round trip keeps every double exactly', async () => {
  const path = join(dir, 'nested', 'dir', 'cp.json');
  const cp: Checkpoint = {
    v: 1,
    w: [0.1 + 0.2, -1 / 3, 5e-324],
    b: Math.PI,
    optimizer: { config: { name: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8 }, t: 3, m: [1e-300, 2, 3, 4], v: [1, 2, 3, 4] },
    lr: 0.03,
    engine: 'fused',
    position: { epoch: 1, index: 3, globalStep: 3 },
    data: { seed: 1, batchSize: 10, epochs: 3, shuffle: true, dropLast: false },
    epochAcc: { sum: 0.7, count: 3 },
    elapsedMs: 1.5,
    savedAt: 0,
  };
  await writeCheckpoint(path, cp);
  assert.equal(await readCheckpoint(path), cp);
  assert.ok(readFileSync(path, 'utf8').startsWith('{"v":1'));
});

test('a checkpoint or reference file that is not JSON names the kind of file and its path', async () => {
  const path = join(dir, 'broken.json');
  writeFileSync(path, '{"v": 1, "w": [');
  for (const [read, kind] of [[readCheckpoint, 'checkpoint'], [readReference, 'reference']] as const) {
    const message = await read(path).then(() => 'read', (e: Error) => e.message);
    assert.is(message, `invalid ${kind} in ${path}. The file must be one JSON object.`);
  }
});

test('a bad checkpoint names the field, the rule and the value', () => {
  const base = { v: 1, w: [1], b: 0, lr: 0.1, engine: 'fused', optimizer: { config: { name: 'sgd' }, t: 0 }, position: { epoch: 1, index: 0, globalStep: 0 }, data: { batchSize: 1, epochs: 1, shuffle: true, dropLast: false }, epochAcc: { sum: 0, count: 0 }, elapsedMs: 0 };
  assert.ok(validateCheckpoint(base));
  assert.throws(() => validateCheckpoint({ ...base, position: { epoch: 0, index: 0, globalStep: 0 } }, 'cp.json'), (e: Error) =>
    e.message === 'invalid checkpoint in cp.json. position.epoch must be a positive integer. Value: `0`.');
  assert.throws(() => validateCheckpoint({ ...base, optimizer: { config: { name: 'momentum' }, t: 1, m: [1] } }, 'cp.json'), (e: Error) =>
    e.message === 'invalid checkpoint in cp.json. optimizer.m must be an array of 2 finite numbers. Value: `[1]`.');
});

test.run();
