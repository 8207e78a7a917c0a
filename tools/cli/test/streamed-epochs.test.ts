// Issue 18: `train --data FILE --epochs N` re-reads the file each epoch; `train --stdin` spills the piped rows to a
// temporary float64 file that later epochs read back, removed at the end, on error and on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainEvent } from '@gradstream/events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIN, CHILD_ENV, runCli, startCli } from './cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'gradstream-streamed-'));
const parse = (ndjson: string): TrainEvent[] => ndjson.trim().split('\n').map((line) => JSON.parse(line) as TrainEvent);
const spills = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('gradstream-stdin-'));

/** Runs `generate ARGS | train --stdin TRAIN` through a real pipe (sh), with its temp folder in `dir`. */
function pipeline(generate: string, train: string, dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" generate ${generate} | "${process.execPath}" "${BIN}" train --stdin ${train}`], {
      env: { ...CHILD_ENV, TMPDIR: dir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('train --data FILE --epochs 4: four epochs over a file larger than the shuffle buffer, as --stdin gives them', async () => {
  const csv = (await runCli(['generate', '--n', '30000', '--seed', '9'])).stdout;
  const file = join(tmp, 'big.csv');
  writeFileSync(file, csv);
  const fromFile = await runCli(['train', '--data', file, '--epochs', '4', '--batch-size', '100', '--seed', '2', '--events']);
  assert.is(fromFile.code, 0, fromFile.stderr);
  const events = parse(fromFile.stdout);
  const run = events[0] as Extract<TrainEvent, { type: 'run' }>;
  assert.is(run.config.n, 30_000);
  const epochs = events.filter((e): e is Extract<TrainEvent, { type: 'epoch' }> => e.type === 'epoch');
  assert.equal(epochs.map((e) => e.epoch), [1, 2, 3, 4]);
  assert.is(events.filter((e) => e.type === 'step').length, 4 * 300);
  assert.ok(epochs[3].loss < epochs[0].loss / 100, `losses ${epochs.map((e) => e.loss)}`);
  const done = events.at(-1) as Extract<TrainEvent, { type: 'done' }>;
  assert.ok(Math.abs(done.w![0] - 2) < 0.01 && Math.abs(done.w![1] + 3.4) < 0.01, `w ${done.w}`);

  const dir = mkdtempSync(join(tmp, 'spill-'));
  const piped = await pipeline('--n 30000 --seed 9', '--epochs 4 --batch-size 100 --seed 2 --events', dir);
  assert.is(piped.code, 0, piped.stderr);
  assert.equal((parse(piped.stdout).at(-1) as Extract<TrainEvent, { type: 'done' }>).w, done.w);
  assert.equal(spills(dir), [], 'the spill file is removed at the end');
});

test('train --stdin: the spill holds 8·(d+1) bytes a row while training, and SIGTERM removes it (exit 143)', async () => {
  const dir = mkdtempSync(join(tmp, 'signal-'));
  const generate = startCli(['generate', '--n', '20000', '--seed', '4']);
  const train = spawn(process.execPath, [BIN, 'train', '--stdin', '--epochs', '50', '--steps-per-second', '500', '--events'], {
    env: { ...CHILD_ENV, TMPDIR: dir },
    stdio: [generate.stdout!, 'pipe', 'pipe'],
  });
  let stderr = '';
  train.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => train.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve) => {
    let out = '';
    const onData = (d: string) => {
      out += d;
      if (!out.includes('"type":"step"')) return;
      train.stdout!.off('data', onData);
      train.stdout!.resume();
      resolve();
    };
    train.stdout!.setEncoding('utf8').on('data', onData);
  });
  const [folder] = spills(dir);
  assert.ok(folder, `a spill folder in ${readdirSync(dir)}`);
  assert.is(statSync(join(dir, folder, 'rows.f64')).size, 20_000 * 3 * 8);
  train.kill('SIGTERM');
  assert.is(await exited, 143, stderr);
  assert.equal(spills(dir), []);
});

test('train --stdin: a bad row fails naming the line, and leaves no spill behind', async () => {
  const dir = mkdtempSync(join(tmp, 'bad-'));
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'train', '--stdin'], { env: { ...CHILD_ENV, TMPDIR: dir } });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('close', (c) => resolve({ code: c, stderr: err }));
    child.stdin.end('x1,y\n1,2\n3,oops\n');
  });
  assert.is(code, 1);
  assert.is(stderr, 'gradstream: stdin:3: column y is not a number: "oops"\n');
  assert.equal(spills(dir), []);
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
