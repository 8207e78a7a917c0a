import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrainEvent, type DoneEvent, type TrainEvent } from '@gradstream/events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHILD_ENV, FIXTURE, runCli } from './cli.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'gradstream-cli-train-'));

/** d2l's printout: three epoch lines, the two estimation errors, the wall time. */
const PRINTOUT = [
  /^epoch 1, loss \d+\.\d{6}$/,
  /^epoch 2, loss \d+\.\d{6}$/,
  /^epoch 3, loss \d+\.\d{6}$/,
  /^error in estimating w: \[-?\d+\.\d{6}, -?\d+\.\d{6}\]$/,
  /^error in estimating b: -?\d+\.\d{6}$/,
  /^wall time: \d+\.\d{3} s \(300 steps, training \d+\.\d{3} s\)$/,
];

function checkPrintout(stdout: string) {
  const lines = stdout.trimEnd().split('\n');
  assert.is(lines.length, PRINTOUT.length, stdout);
  PRINTOUT.forEach((re, i) => assert.match(lines[i], re));
  const epoch3 = Number(lines[2].split('loss ')[1]);
  assert.ok(epoch3 < 1e-4, `epoch 3 loss ${epoch3} should be below 1e-4`);
  // The learned parameters are within a few noise-widths of the true ones.
  const errors = [...lines[3].matchAll(/-?\d+\.\d+/g), ...lines[4].matchAll(/-?\d+\.\d+/g)].map((m) => Number(m[0]));
  assert.is(errors.length, 3);
  for (const e of errors) assert.ok(Math.abs(e) < 5e-3, lines.join('\n'));
}

function events(ndjson: string): TrainEvent[] {
  return ndjson.trimEnd().split('\n').map((line, i) => parseTrainEvent(line, `stdout:${i + 1}`));
}

test('npm start at the workspace root prints the lesson as d2l does (epoch 3 loss < 1e-4)', async () => {
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: CHILD_ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  assert.is(result.code, 0, result.stderr);
  checkPrintout(result.stdout);
  assert.is(result.stderr, '', 'no progress bar when stderr is not a terminal');
});

test('the same seed prints the same losses; another seed other ones', async () => {
  const a = await runCli(['train']);
  const b = await runCli(['train', '--seed', '42']);
  const c = await runCli(['train', '--seed', '7']);
  checkPrintout(a.stdout);
  checkPrintout(c.stdout);
  const losses = (s: string) => s.split('\n').slice(0, 3).join('\n');
  assert.is(losses(a.stdout), losses(b.stdout));
  assert.is.not(losses(a.stdout), losses(c.stdout));
});

test('--events writes the schema-v1 stream to stdout and moves the printout to stderr', async () => {
  const { code, stdout, stderr } = await runCli(['train', '--events']);
  assert.is(code, 0, stderr);
  checkPrintout(stderr);
  const list = events(stdout);
  assert.is(list[0].type, 'run');
  assert.is(list.filter((e) => e.type === 'step').length, 300);
  const epochs = list.filter((e) => e.type === 'epoch');
  assert.is(epochs.length, 3);
  const done = list.at(-1) as DoneEvent;
  assert.is(done.type, 'done');
  // The printed errors are true − learned, from the same final parameters.
  const printed = stderr.split('\n');
  assert.is(printed[3], `error in estimating w: [${(2 - done.w![0]).toFixed(6)}, ${(-3.4 - done.w![1]).toFixed(6)}]`);
  assert.is(printed[4], `error in estimating b: ${(4.2 - done.b!).toFixed(6)}`);
  // The epoch lines print the epoch events' losses.
  epochs.forEach((e, i) => assert.is(printed[i], `epoch ${i + 1}, loss ${(e as { loss: number }).loss.toFixed(6)}`));
});

test('--record writes the same events to a file', async () => {
  const file = join(tmp, 'run.ndjson');
  const { code, stdout } = await runCli(['train', '--record', file, '--epochs', '1', '--n', '100']);
  assert.is(code, 0);
  const recorded = events(readFileSync(file, 'utf8'));
  // The first step is explained (an explain event right after it), as in every run.
  assert.equal(recorded.map((e) => e.type), ['run', 'step', 'explain', ...Array(9).fill('step'), 'epoch', 'done']);
  assert.match(stdout, /^epoch 1, loss /);
});

test('--reference replays the PyTorch fixture: final w and b match it to 1e-9', async () => {
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { steps: { w: number[]; b: number; lossSum: number; size: number }[]; epochLoss: number[] };
  const { code, stdout, stderr } = await runCli(['train', '--reference', FIXTURE, '--events']);
  assert.is(code, 0, stderr);
  const list = events(stdout);
  const steps = list.filter((e) => e.type === 'step');
  assert.is(steps.length, fixture.steps.length);
  const done = list.at(-1) as DoneEvent;
  const last = fixture.steps.at(-1)!;
  assert.is(done.type, 'done');
  assert.ok(Math.abs(done.w![0] - last.w[0]) <= 1e-9 && Math.abs(done.w![1] - last.w[1]) <= 1e-9, `w ${done.w} vs ${last.w}`);
  assert.ok(Math.abs(done.b! - last.b) <= 1e-9, `b ${done.b} vs ${last.b}`);
  list.filter((e) => e.type === 'epoch').forEach((e, i) => assert.ok(Math.abs((e as { loss: number }).loss - fixture.epochLoss[i]) <= 1e-9));
  assert.match(stderr, /^OK: every deviation is within 1e-9$/m);
  assert.match(stderr, /^epoch 1, loss 0\.038467$/m); // d2l's own first epoch, from the PyTorch run
});

test('--data trains on a CSV file exactly as --stdin trains on the same rows', async () => {
  const csv = (await runCli(['generate', '--n', '300', '--seed', '5'])).stdout;
  const file = join(tmp, 'data.csv');
  writeFileSync(file, csv);
  const fromFile = await runCli(['train', '--data', file, '--seed', '5', '--events']);
  const fromStdin = await runCli(['train', '--stdin', '--seed', '5', '--events'], { input: csv });
  assert.is(fromFile.code, 0, fromFile.stderr);
  assert.is(fromStdin.code, 0, fromStdin.stderr);
  const doneOf = (s: string) => events(s).at(-1) as DoneEvent;
  assert.equal(doneOf(fromFile.stdout).w, doneOf(fromStdin.stdout).w);
  assert.is(doneOf(fromFile.stdout).b, doneOf(fromStdin.stdout).b);
  // No true parameters for file data: the printout shows the learned ones instead of the errors.
  assert.match(fromFile.stderr, /^w: \[\d\.\d{6}, -\d\.\d{6}\], b: \d\.\d{6}$/m);
});

test('a malformed data row fails with exit 1 naming the source and line', async () => {
  const { code, stderr } = await runCli(['train', '--stdin'], { input: 'x1,x2,y\n1,2,3\n4,oops,6\n' });
  assert.is(code, 1);
  assert.match(stderr, /^gradstream: .*stdin:3.*\n$/);
});

test('a diverging run ends with exit 1 and suggests a smaller learning rate that a probe checked', async () => {
  const { code, stderr } = await runCli(['train', '--lr', '100']);
  assert.is(code, 1);
  assert.match(stderr, /^gradstream: training diverged at epoch 1, step \d+ .* with lr 100\. \(try a smaller learning rate: lr 1 converges on this data \(checked by a one-epoch probe run\)\)\n$/m);
});

test('--optimizer adam and --engine autograd train the lesson too', async () => {
  const adam = await runCli(['train', '--optimizer', 'adam', '--lr', '0.1', '--epochs', '10']);
  assert.is(adam.code, 0, adam.stderr);
  const fused = await runCli(['train', '--events']);
  const autograd = await runCli(['train', '--events', '--engine', 'autograd']);
  const a = events(fused.stdout).at(-1) as DoneEvent;
  const b = events(autograd.stdout).at(-1) as DoneEvent;
  // Two engines, one computation: equal up to float rounding.
  a.w!.forEach((w, j) => assert.ok(Math.abs(w - b.w![j]) < 1e-12));
  assert.ok(Math.abs(a.b! - b.b!) < 1e-12);
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('the wall time is the process\'s own, from Node\'s start: most of what the person waited for, never more', async () => {
  const started = performance.now();
  const r = await runCli(['train']);
  const waited = (performance.now() - started) / 1000;
  assert.is(r.code, 0, r.stderr);
  const wall = Number(/^wall time: (\d+\.\d+) s/m.exec(r.stdout)![1]);
  // Loading the code is most of a lesson run (~0.6 s of ~0.65 s here); timed from after it, the figure was ~45%.
  assert.ok(wall <= waited && wall >= 0.7 * waited, `wall time ${wall} s against ${waited.toFixed(3)} s from spawning the process to its exit`);
});

test.run();
