/**
 * `runJob(dir, job)`: makes one run in `dir/<job.runId>/`, whatever state that directory is in — new,
 * finished, or left by a killed writer — and returns all of its events, from its `run` event to `done` or
 * `error`:
 * - finished (its log ends with `done` or `error`): the recorded events, replayed; nothing is trained;
 * - interrupted with a checkpoint: the events up to the checkpoint's step are kept (those after it are cut
 *   from the log), and training continues from the checkpoint — the same batches, the same numbers, so its
 *   final parameters are bit for bit those of a run never interrupted;
 * - new, or killed before its first checkpoint: trained from the start.
 * The process holds the run's lock while it trains, and every event is a whole line in `events.ndjson`
 * before the trainer writes the checkpoint that follows it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { defer, filter, from, map, type Observable } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { trainLinearRegression, validateCheckpoint, type Checkpoint } from '@gradstream/trainer';
import '@gradstream/trainer/node'; // lets the trainer write checkpoint files
import { cutLog } from './event-log.js';
import { appendUnderLock, type RunContinuation } from './locked-log.js';
import type { JobConfig, RunJob } from './job.js';
import { writeJobConfig } from './run-config.js';
import { runFile } from './run-files.js';
import { isFinished, readRunLog } from './run-log.js';

export interface RunJobOptions {
  /** Steps between checkpoints (default 100); epoch ends and the run's end always write one. */
  checkpointEvery?: number;
  /** Train in slices of this many ms, so the process serves its event loop between them (default: no slicing). */
  sliceMs?: number;
  /**
   * With `sliceMs`: called after each slice; training goes on when its promise resolves (backpressure, or a
   * test holding a writer at a known step). Not sent to worker processes: it stays in the process that calls.
   */
  ready?: () => void | Promise<void>;
}

/** The default steps between checkpoints: what a killed run loses at most. */
export const CHECKPOINT_EVERY = 100;

/**
 * @example
 * import { lastValueFrom } from 'rxjs';
 * import { jobConfig, runJob } from '@gradstream/runs';
 * const dir = `/tmp/gradstream-runjob-${process.pid}`;
 * const last = await lastValueFrom(runJob(dir, { runId: 'lesson', config: jobConfig({ epochs: 1 }) }));
 * console.log(last.type, last.type === 'done' && last.steps); // done 100
 */
export function runJob(dir: string, job: RunJob, options: RunJobOptions = {}): Observable<TrainEvent> {
  return defer(() => {
    const runDir = join(dir, job.runId);
    mkdirSync(runDir, { recursive: true });
    writeJobConfig(runDir, job.config);
    const recorded = readRunLog(runDir);
    if (isFinished(recorded)) return from(recorded);
    return appendUnderLock(runDir, () => continueRun(runDir, job, options));
  });
}

/** The events kept from an interrupted attempt, and the training that continues them (or starts afresh). */
function continueRun(runDir: string, job: RunJob, options: RunJobOptions): RunContinuation {
  const path = runFile(runDir, 'checkpoint');
  const common = {
    checkpoint: { path, everySteps: options.checkpointEvery ?? CHECKPOINT_EVERY },
    ...(options.sliceMs === undefined ? {} : { pace: { sliceMs: options.sliceMs, ...(options.ready ? { ready: options.ready } : {}) } }),
  };
  const cp = readCheckpointIfAny(path);
  const events = runFile(runDir, 'events');
  const kept = cp ? cutLog(events, cp.position.globalStep) : [];
  if (cp && reaches(kept, cp)) {
    // The resumed run's own `run` event would restart the run for a reader: the kept one stands.
    // Explaining its first step would add an explanation the uninterrupted run does not have.
    const live$ = trainLinearRegression({ ...common, resume: cp, explain: { first: false } }).pipe(filter((e) => e.type !== 'run'));
    return { kept, live$ };
  }
  cutLog(events, -1);
  rmSync(path, { force: true });
  const live$ = trainLinearRegression({ ...common, ...trainingOptions(job.config) }).pipe(
    map((e) => (e.type === 'run' ? { ...e, runId: job.runId } : e)),
  );
  return { kept: [], live$ };
}

function trainingOptions(c: JobConfig) {
  return { lr: c.lr, batchSize: c.batchSize, optimizer: c.optimizer, seed: c.seed, epochs: c.epochs, n: c.n, trueW: c.trueW, trueB: c.trueB, noise: c.noise };
}

/** A checkpoint is resumable when the log holds the run's start and every event up to the checkpoint's step. */
function reaches(kept: readonly TrainEvent[], cp: Checkpoint): boolean {
  if (kept[0]?.type !== 'run') return false;
  const step = cp.position.globalStep;
  return step === 0 || kept.some((e) => e.type === 'step' && e.globalStep === step);
}

function readCheckpointIfAny(path: string): Checkpoint | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return validateCheckpoint(JSON.parse(readFileSync(path, 'utf8')), path);
  } catch {
    return undefined; // written atomically, so never half-written; unreadable means not ours: start afresh
  }
}
