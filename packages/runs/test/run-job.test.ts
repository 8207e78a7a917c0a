// A directory of runs with real processes: a run killed with SIGKILL is recognisable as interrupted, and
// runJob resumes it from its checkpoint to final parameters bit for bit those of a run never interrupted.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TrainEvent } from '@gradstream/events';
import { jobConfig, liveWriter, readRunSummary, recordRun, runFile, runJob } from '../src/index.js';
import { collect, exited, heldAt, removeTempDirs, startFixture, tempDir } from './helpers.js';

test.after(removeTempDirs);

/** Long enough to be killed midway: 6,000 steps. */
const LONG = { lr: 0.03, n: 20000 };
const job = { runId: 'long', config: jobConfig(LONG) };

const checkpointStep = (runDir: string): number => {
  try {
    return (JSON.parse(readFileSync(runFile(runDir, 'checkpoint'), 'utf8')) as { position: { globalStep: number } }).position.globalStep;
  } catch {
    return 0;
  }
};

test('a run killed with SIGKILL is interrupted (no done, no live writer); runJob resumes it to the uninterrupted parameters, bit for bit', async () => {
  const dir = tempDir('kill');
  const runDir = join(dir, job.runId);
  const child = startFixture('run-job', [dir, job.runId, JSON.stringify(LONG), '500']); // held at step 500 or just past
  await heldAt(child);
  assert.ok(checkpointStep(runDir) >= 500, `a checkpoint past step 500: ${checkpointStep(runDir)}`);
  assert.is(liveWriter(runDir), child.pid);
  assert.is(readRunSummary(dir, job.runId).status, 'running');
  child.kill('SIGKILL');
  assert.is(await exited(child), 'SIGKILL');
  assert.not.ok(child.output().includes('done'), 'killed before its end');
  assert.ok(existsSync(runFile(runDir, 'lock')), 'the dead writer left its lock');
  assert.is(liveWriter(runDir), undefined);
  const summary = readRunSummary(dir, job.runId);
  assert.is(summary.status, 'interrupted');
  assert.ok(summary.steps >= checkpointStep(runDir), `steps ${summary.steps}`);

  const resumed = await collect(runJob(dir, job));
  const whole = await collect(runJob(tempDir('whole'), job));
  assert.equal(finalParameters(resumed), finalParameters(whole));
  // The log reads as one run: one run event, every step once and in order, then done.
  const logged = readFileSync(runFile(runDir, 'events'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrainEvent);
  assert.equal(logged.filter((e) => e.type === 'run').length, 1);
  assert.equal(logged.filter((e) => e.type === 'step').map((e) => e.type === 'step' && e.globalStep), Array.from({ length: 6000 }, (_, i) => i + 1));
  assert.equal(logged.map((e) => e.type), whole.map((e) => e.type));
  assert.is(readRunSummary(dir, job.runId).status, 'done');
  assert.not.ok(existsSync(runFile(runDir, 'lock')), 'the lock is released at the end');
});

function finalParameters(events: TrainEvent[]): unknown {
  const done = events.find((e) => e.type === 'done');
  return done?.type === 'done' ? { w: done.w, b: done.b, loss: done.loss, steps: done.steps } : undefined;
}

test('a finished run is replayed, not trained again; a live writer keeps others out', async () => {
  const dir = tempDir('replay');
  const small = { runId: 'small', config: jobConfig({ epochs: 1 }) };
  const first = await collect(runJob(dir, small));
  const log = readFileSync(runFile(join(dir, 'small'), 'events'), 'utf8');
  const again = await collect(runJob(dir, small));
  assert.equal(again, first);
  assert.is(readFileSync(runFile(join(dir, 'small'), 'events'), 'utf8'), log);

  const child = startFixture('run-job', [dir, 'busy', JSON.stringify(LONG), '1']); // held after its first slice
  await heldAt(child);
  assert.is(liveWriter(join(dir, 'busy')), child.pid);
  try {
    await collect(runJob(dir, { runId: 'busy', config: jobConfig(LONG) }));
    assert.unreachable('a run being written cannot be written twice');
  } catch (err) {
    assert.is((err as Error).message, `run ${join(dir, 'busy')} is being written by process ${child.pid} (its ${join(dir, 'busy', 'writer.lock')}); wait for it to end, or stop it.`);
  }
  child.kill('SIGKILL');
  await exited(child);
});

test('recordRun names runs by their hyperparameters, with a suffix when the name is taken; a directory keeps its config', async () => {
  const dir = tempDir('ids');
  const ids = [];
  for (const config of [{ lr: 0.3, epochs: 1 }, { lr: 0.3, epochs: 1 }, { lr: 0.3, epochs: 1, optimizer: 'adam' as const, seed: 7 }]) {
    const events = await collect(recordRun(dir, config));
    ids.push(events[0].runId);
    assert.is(events[0].event.type === 'run' && events[0].event.runId, events[0].runId);
  }
  assert.equal(ids, ['lr=0.3,bs=10,seed=42', 'lr=0.3,bs=10,seed=42,run=2', 'lr=0.3,bs=10,opt=adam,seed=7']);
  assert.equal(JSON.parse(readFileSync(join(dir, ids[2], 'config.json'), 'utf8')), jobConfig({ lr: 0.3, epochs: 1, optimizer: 'adam', seed: 7 }));
  try {
    await collect(runJob(dir, { runId: ids[0], config: jobConfig({ lr: 0.03 }) }));
    assert.unreachable();
  } catch (err) {
    assert.match((err as Error).message, `run ${join(dir, ids[0])} records another run: its ${join(dir, ids[0], 'config.json')} is { "lr": 0.3,`);
  }
});

test.run();
