// `gradstream train --runs DIR` as a user runs it: each run in a directory of its own (a suffix when the
// name is taken) with its config, events and checkpoint; a run killed midway is interrupted, and a sweep of
// the same settings resumes it; options it cannot record are refused.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import { useTempDirs } from './temp-dirs.js';
import * as assert from 'uvu/assert';
import { jobConfig, listRuns } from '@gradstream/runs';
import type { TrainEvent } from '@gradstream/events';
import { runCli, startCli } from './cli.js';

const tempDir = useTempDirs(test);
const temp = () => tempDir('gradstream-train-runs-');
const events = (runDir: string) => readFileSync(join(runDir, 'events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrainEvent);

test('train --runs DIR records each run in DIR/<run-id>/ (a suffix when taken): config, events to done, checkpoint', async () => {
  const dir = temp();
  for (const id of ['lr=0.1,bs=10,seed=42', 'lr=0.1,bs=10,seed=42,run=2']) {
    const { code, stdout, stderr } = await runCli(['train', '--lr', '0.1', '--epochs', '1', '--runs', dir]);
    assert.is(code, 0, stderr);
    assert.match(stdout, `recording into ${join(dir, id)}\n`);
    assert.equal(JSON.parse(readFileSync(join(dir, id, 'config.json'), 'utf8')), jobConfig({ lr: 0.1, epochs: 1 }));
    const logged = events(join(dir, id));
    assert.is(logged[0].type === 'run' && logged[0].runId, id);
    assert.is(logged.at(-1)!.type, 'done');
    assert.ok(existsSync(join(dir, id, 'checkpoint.json')));
  }
  assert.equal(listRuns(dir).map((r) => r.status), ['done', 'done']);
});

test('a train --runs run killed with SIGKILL is interrupted; a sweep of the same settings resumes it to the end', async () => {
  const dir = temp();
  // Paced to last 5 s (unpaced, its 20,000 steps take ~0.1 s): it is still running when the test kills it.
  const child = startCli(['train', '--lr', '0.03', '--n', '200000', '--epochs', '1', '--runs', dir, '--steps-per-second', '4000']);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const runDir = join(dir, 'lr=0.03,bs=10,seed=42');
  for (const end = Date.now() + 60_000; !existsSync(join(runDir, 'checkpoint.json')); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > end) assert.unreachable('no checkpoint written');
  }
  child.kill('SIGKILL');
  await exited;
  const [killed] = listRuns(dir);
  assert.is(killed.status, 'interrupted');
  const { code, stdout, stderr } = await runCli(['sweep', '--lr', '0.03', '--n', '200000', '--epochs', '1', '--runs', dir]);
  assert.is(code, 0, stderr);
  assert.match(stdout, /^lr=0\.03,bs=10,seed=42  done /m);
  const steps = events(runDir).filter((e) => e.type === 'step').map((e) => e.type === 'step' && e.globalStep);
  assert.equal(steps, Array.from({ length: 20000 }, (_, i) => i + 1));
});

test('train --runs refuses what a run directory cannot record (exit 2)', async () => {
  for (const [flag, value] of [['--data', 'x.csv'], ['--resume', 'cp.json'], ['--checkpoint', 'cp.json'], ['--engine', 'autograd']]) {
    const { code, stderr } = await runCli(['train', '--runs', 'runs', flag, value]);
    assert.is(code, 2, stderr);
    assert.is(stderr, `gradstream: invalid option. --runs cannot be combined with ${flag}. Value: \`--runs ${flag}\`.\n`);
  }
});

test.run();
