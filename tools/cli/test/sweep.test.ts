// `gradstream sweep` as a user runs it (the real bin, real worker processes, real files and signals): the
// issue's 8-run sweep, a sweep killed with SIGKILL midway and run again, and bad flag values.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import { useTempDirs } from './temp-dirs.js';
import * as assert from 'uvu/assert';
import { listRuns, runIds } from '@gradstream/runs';
import type { TrainEvent } from '@gradstream/events';
import { runCli, startCli } from './cli.js';

const tempDir = useTempDirs(test);
const temp = (name: string) => tempDir(`gradstream-sweep-${name}-`);

test('sweep --lr 0.003,0.03,0.3,3 --batch-size 10,100 completes 8 runs; the lr=3 runs are diverged; the table is sorted by final loss', async () => {
  const dir = temp('eight');
  const { code, stdout, stderr } = await runCli(['sweep', '--lr', '0.003,0.03,0.3,3', '--batch-size', '10,100', '--runs', dir, '--parallel', '2'], { timeoutMs: 120_000 });
  assert.is(code, 0, stderr);
  assert.ok(stderr.startsWith(`sweep: 8 runs into ${dir}: 8 new, at most 2 at a time\n`), stderr);
  const [header, ...rest] = stdout.trim().split('\n');
  assert.match(header, /^run +status +final loss +gap to optimum +steps +time$/);
  const rows = rest.slice(0, 8).map((line) => line.split(/\s{2,}/));
  assert.equal(rows.map((r) => r[0]).sort(), runIds(dir));
  assert.is(runIds(dir).length, 8);
  const done = rows.filter((r) => r[1] === 'done');
  assert.is(done.length, 6);
  const losses = done.map((r) => Number(r[2]));
  assert.equal(losses, [...losses].sort((a, b) => a - b));
  assert.equal(rows.slice(6).map((r) => `${r[0]} ${r[1]}`), ['lr=3,bs=10,seed=42 diverged', 'lr=3,bs=100,seed=42 diverged']);
  // Each diverged run shows no time (one stopped in its first epoch, the other in its second), each done run its own.
  assert.equal(rows.slice(6).map((r) => r.at(-1)), ['—', '—']);
  for (const r of done) assert.match(r.at(-1)!, /^\d+\.\d\d s$/);
  assert.match(stdout, /^lr=3,bs=10,seed=42: training diverged at epoch 1, step 11 \(global step 11\)/m);
  assert.equal(listRuns(dir).filter((r) => r.status === 'diverged').map((r) => r.runId), ['lr=3,bs=10,seed=42', 'lr=3,bs=100,seed=42']);
});

/** Final parameters, loss and step count of every run in a directory, as the done events recorded them. */
function finals(dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const id of runIds(dir)) {
    const events = readFileSync(join(dir, id, 'events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrainEvent);
    const last = events.at(-1)!;
    out[id] = last.type === 'done' ? { w: last.w, b: last.b, loss: last.loss, steps: last.steps } : { type: last.type, steps: 'globalStep' in last ? last.globalStep : undefined };
  }
  return out;
}

test('a sweep killed with SIGKILL midway, run again, completes; every run ends with the parameters of an uninterrupted sweep, bit for bit', async () => {
  // 100,000 rows: a batch-10 run takes 20,000 steps (~0.5 s), so the look below, every 20 ms, finds one midway. With
  // 20,000 rows a fresh-clone CI run saw the whole sweep end between two looks.
  const n = 100_000;
  const args = (dir: string) => ['sweep', '--lr', '0.03,0.3,3', '--batch-size', '10,100', '--n', String(n), '--epochs', '2', '--runs', dir, '--parallel', '2'];
  const whole = temp('whole');
  const uninterrupted = await runCli(args(whole), { timeoutMs: 180_000 });
  assert.is(uninterrupted.code, 0, uninterrupted.stderr);

  const dir = temp('killed');
  const child = startCli(args(dir), { detached: true }); // its own process group: the workers die with it
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const until = Date.now() + 120_000;
  let states = listRuns(dir);
  // Midway: a run is done and another has taken at least 200 steps but not half of its own (2 epochs of n rows), so it
  // cannot finish between this look and the kill.
  const midway = (r: (typeof states)[number]) => r.status === 'running' && r.steps >= 200 && r.steps <= Math.ceil(n / (r.batchSize ?? 10));
  while (!(states.some((r) => r.status === 'done') && states.some(midway))) {
    if (Date.now() > until) assert.unreachable(`the sweep never got midway: ${JSON.stringify(states)}`);
    await new Promise((r) => setTimeout(r, 20));
    states = listRuns(dir);
  }
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
  await new Promise((r) => setTimeout(r, 200));
  const interrupted = listRuns(dir).filter((r) => r.status === 'interrupted');
  assert.ok(interrupted.length >= 1, JSON.stringify(listRuns(dir)));

  const rerun = await runCli(args(dir), { timeoutMs: 180_000 });
  assert.is(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stderr, new RegExp(`^sweep: 6 runs into ${dir}: (\\d+ finished earlier \\(skipped\\), )?${interrupted.length} to resume(, \\d+ new)?, at most 2 at a time$`, 'm'));
  assert.equal(finals(dir), finals(whole));
  for (const { runId } of interrupted) {
    const steps = readFileSync(join(dir, runId, 'events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrainEvent).filter((e) => e.type === 'step');
    assert.equal(steps.map((e) => e.type === 'step' && e.globalStep), steps.map((_, i) => i + 1), `${runId}: every step once, in order`);
  }
});

test('Ctrl-C stops a sweep (exit 130): its runs are interrupted at their last step, and the same command finishes them', async () => {
  const dir = temp('sigint');
  const args = ['sweep', '--lr', '0.03,0.3', '--n', '200000', '--epochs', '1', '--runs', dir, '--parallel', '2'];
  const child = startCli(args);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (const end = Date.now() + 60_000; !listRuns(dir).some((r) => r.steps >= 1000); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > end) assert.unreachable('the sweep never got going');
  }
  child.kill('SIGINT');
  assert.is(await exited, 130);
  assert.match(stderr, 'gradstream: sweep interrupted by Ctrl-C; the same command resumes it.');
  await new Promise((r) => setTimeout(r, 500)); // workers, told by their closed channel, write their checkpoints and exit
  const stopped = listRuns(dir).filter((r) => r.status === 'interrupted');
  assert.ok(stopped.length >= 1, JSON.stringify(listRuns(dir)));
  const rerun = await runCli(args, { timeoutMs: 180_000 });
  assert.is(rerun.code, 0, rerun.stderr);
  assert.equal(listRuns(dir).map((r) => `${r.runId} ${r.status} ${r.steps}`), ['lr=0.03,bs=10,seed=42 done 20000', 'lr=0.3,bs=10,seed=42 done 20000']);
});

test('gradstream --help lists sweep; sweep --help shows its usage, options and examples (exit 0)', async () => {
  const main = await runCli(['--help']);
  assert.match(main.stdout, /^  sweep +train every combination of the hyperparameters given, in parallel, into a directory of runs$/m);
  const { code, stdout } = await runCli(['sweep', '--help']);
  assert.is(code, 0);
  assert.ok(stdout.startsWith('Usage: gradstream sweep --lr RATE[,RATE…] [--batch-size N[,N…]] [--optimizer sgd,adam] [--seeds K] --runs DIR [options]'), stdout);
  for (const flag of ['--lr RATE[,RATE…]', '--batch-size N[,N…]', '--optimizer NAME[,NAME…]', '--seeds K', '--runs DIR', '--parallel N', '--monitor [PORT]']) assert.match(stdout, `  ${flag}  `);
  assert.match(stdout, 'gradstream sweep --lr 0.003,0.03,0.3,3 --batch-size 10,100 --runs runs');
});

test('bad sweep flags name the flag, the rule and the value (exit 2)', async () => {
  const cases: [string[], string][] = [
    [['--lr', '0.1,abc', '--runs', 'r'], 'invalid option. --lr must be a comma-separated list of positive numbers such as 0.003,0.03,0.3. Value: `0.1,abc`.'],
    [['--lr', '0.1', '--batch-size', '10,0', '--runs', 'r'], 'invalid option. --batch-size must be a comma-separated list of positive integers such as 10,100. Value: `10,0`.'],
    [['--lr', '0.1', '--optimizer', 'sgd,rmsprop', '--runs', 'r'], 'invalid option. --optimizer must be a comma-separated list of sgd, momentum, adam. Value: `sgd,rmsprop`.'],
    [['--lr', '0.1', '--seeds', '0', '--runs', 'r'], 'invalid option. --seeds must be a positive integer. Value: `0`.'],
    [['--lr', '0.1', '--parallel', '-1', '--runs', 'r'], 'invalid option. --parallel must be a positive integer. Value: `-1`.'],
    [['--lr', '0.1'], 'invalid option. sweep needs --runs (the directory of runs, or --redis URL to sweep on workers). Value: none.'],
    [['--runs', 'r'], 'invalid option. sweep needs --lr (the learning rates to try). Value: none.'],
  ];
  for (const [args, message] of cases) {
    const { code, stderr } = await runCli(['sweep', ...args]);
    assert.is(code, 2, stderr);
    assert.is(stderr, `gradstream: ${message}\n`);
  }
});

test.run();
