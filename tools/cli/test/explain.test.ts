import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrainEvent, type StepEvent } from '@gradstream/events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'gradstream-cli-explain-'));

function batchFile(name: string, content: unknown): string {
  const file = join(tmp, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const BATCH = { X: [[1, 2], [3, -1], [0.5, 0], [-2, 4]], y: [1, 2, 3, -1], w: [0.1, -0.2], b: 0.5, lr: 0.1 };

/** The step by hand, loop by loop, as a learner writes it down. */
function byHand({ X, y, w, b, lr }: typeof BATCH) {
  const n = X.length;
  const yHat = X.map((row) => row[0] * w[0] + row[1] * w[1] + b);
  const r = yHat.map((v, i) => v - y[i]);
  const perSample = r.map((v) => (v * v) / 2);
  const loss = perSample.reduce((s, v) => s + v, 0);
  const gw = [0, 1].map((j) => X.reduce((s, row, i) => s + row[j] * r[i], 0));
  const gb = r.reduce((s, v) => s + v, 0);
  return { yHat, perSample, loss, grad: { w: gw, b: gb }, updated: { w: w.map((v, j) => v - (lr * gw[j]) / n), b: b - (lr * gb) / n } };
}

function close(actual: number, expected: number, what: string) {
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

test('explain --batch-file --json prints ŷ, per-sample losses, their sum, the gradients and the update, as computed by hand', async () => {
  const { code, stdout, stderr } = await runCli(['explain', '--batch-file', batchFile('batch.json', BATCH), '--json']);
  assert.is(code, 0, stderr);
  const got = JSON.parse(stdout) as ReturnType<typeof byHand>;
  assert.equal(Object.keys(got), ['yHat', 'perSample', 'loss', 'grad', 'updated']);
  const want = byHand(BATCH);
  want.yHat.forEach((v, i) => close(got.yHat[i], v, `yHat[${i}]`));
  want.perSample.forEach((v, i) => close(got.perSample[i], v, `perSample[${i}]`));
  close(got.loss, want.loss, 'loss');
  want.grad.w.forEach((v, j) => close(got.grad.w[j], v, `grad.w[${j}]`));
  close(got.grad.b, want.grad.b, 'grad.b');
  want.updated.w.forEach((v, j) => close(got.updated.w[j], v, `updated.w[${j}]`));
  close(got.updated.b, want.updated.b, 'updated.b');
  // One number checked with pencil and paper: ŷ₁ = 1·0.1 + 2·(−0.2) + 0.5 = 0.2, loss₁ = (0.2 − 1)²/2 = 0.32.
  close(got.perSample[0], 0.32, 'perSample[0]');
});

test('explain --batch-file without --json prints the same numbers as text', async () => {
  const { code, stdout } = await runCli(['explain', '--batch-file', batchFile('batch.json', BATCH)]);
  assert.is(code, 0);
  const want = byHand(BATCH);
  assert.match(stdout, `l = Σ (ŷ − y)²/2 = ${want.loss.toFixed(6)}`);
  assert.match(stdout, `∂l/∂w = Xᵀ(ŷ − y) = [${want.grad.w.map((v) => v.toFixed(6)).join(', ')}]`);
  assert.match(stdout, `∂l/∂b = Σ (ŷ − y) = ${want.grad.b.toFixed(6)}`);
  assert.match(stdout, `w = [${want.updated.w.map((v) => v.toFixed(6)).join(', ')}]   b = ${want.updated.b.toFixed(6)}`);
  assert.match(stdout, '4. Update (SGD update), with lr = 0.1 and batch = 4:');
  assert.match(stdout, 'p ← p − lr·g');
});

test('a bad batch file names the field and the rule (exit 1)', async () => {
  const cases: [unknown, string][] = [
    ['{"X": [[1]', 'The file must be one JSON object.'],
    [[1, 2], 'the file must be one JSON object { "X", "y", "w", "b", "lr" }. Value: `[1,2]`.'],
    [{ ...BATCH, X: [] }, 'X must be a non-empty array of rows. Value: `[]`.'],
    [{ ...BATCH, X: [[1, 2], [3]] }, 'X[1] must be a row of 2 numbers like X[0]. Value: `[3]`.'],
    [{ ...BATCH, X: [[1, 2], [3, '4']] }, 'X[1] must be an array of finite numbers. Value: `[3,"4"]`.'],
    [{ ...BATCH, y: [1, 2, 3] }, 'y must be an array with one number per row of X (4). Value: `[1,2,3]`.'],
    [{ ...BATCH, w: [1] }, 'w must be an array with one number per column of X (2). Value: `[1]`.'],
    [{ ...BATCH, b: null }, 'b must be a finite number. Value: `null`.'],
    [{ ...BATCH, lr: 0 }, 'lr must be a positive finite number. Value: `0`.'],
  ];
  for (const [content, message] of cases) {
    const file = batchFile('bad.json', content);
    const { code, stderr, stdout } = await runCli(['explain', '--batch-file', file, '--json']);
    assert.is(code, 1);
    assert.is(stdout, '');
    assert.ok(stderr.startsWith(`gradstream: invalid batch file ${file}. `) && stderr.includes(message) && stderr.endsWith('\n'), stderr);
    assert.is(stderr.split('\n').length, 2, 'one line');
  }
});

test("explain without a file explains the lesson's first step: its result is train's first step event", async () => {
  const { code, stdout } = await runCli(['explain']);
  assert.is(code, 0);
  const trained = await runCli(['train', '--events', '--epochs', '1']);
  const step = parseTrainEvent(trained.stdout.split('\n')[1], 'stdout:2') as StepEvent;
  assert.is(step.globalStep, 1);
  const after = stdout.trimEnd().split('\n').at(-1)!;
  assert.is(after, `   w = [${step.w!.map((v) => v.toFixed(6)).join(', ')}]   b = ${step.b!.toFixed(6)}`);
  assert.match(stdout, `mean loss l/10 = ${step.loss.toFixed(6)}`);
  for (const heading of ['1. The batch', '2. Forward', '3. Backward', '4. Update', '5. The parameters after']) assert.match(stdout, heading);
});

test('explain --batch-file with lesson options is a usage error', async () => {
  const { code, stderr } = await runCli(['explain', '--batch-file', 'b.json', '--lr', '0.1']);
  assert.is(code, 2);
  assert.is(stderr, 'gradstream: invalid option. --batch-file cannot be combined with --lr. Value: `--batch-file --lr`.\n');
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
