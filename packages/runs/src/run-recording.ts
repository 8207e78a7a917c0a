/**
 * Recording a run that something else trains (`gradstream train --runs DIR`, with its pacing, monitor and
 * printout): a new run directory under the run's readable id, its config, where its checkpoint goes, and
 * an operator that appends the run's events to its log under the run's lock.
 */
import { join } from 'node:path';
import { map, type MonoTypeOperatorFunction } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { jobConfig, type JobConfig } from './job.js';
import { appendUnderLock } from './locked-log.js';
import { writeJobConfig } from './run-config.js';
import { runFile } from './run-files.js';
import { claimRunDir, runIdOf } from './run-id.js';

export interface RunRecording {
  runId: string;
  runDir: string;
  /** Where the run's trainer should write its checkpoint (`checkpoint: { path }`). */
  checkpointPath: string;
  /** Appends each event to the run's log as it passes (the run event gets the run's id); holds the lock meanwhile. */
  record: MonoTypeOperatorFunction<TrainEvent>;
}

/**
 * Claims `dir/<run-id>/` for a run with this config and writes its config.json.
 *
 * @example
 * import { lastValueFrom } from 'rxjs';
 * import { trainLinearRegression } from '@gradstream/trainer';
 * import { createRunRecording } from '@gradstream/runs';
 * const rec = createRunRecording(`/tmp/gradstream-recording-${process.pid}`, { lr: 0.1, epochs: 1 });
 * const last = await lastValueFrom(trainLinearRegression({ lr: 0.1, epochs: 1, checkpoint: { path: rec.checkpointPath } }).pipe(rec.record));
 * console.log(rec.runId, last.type); // lr=0.1,bs=10,seed=42 done
 */
export function createRunRecording(dir: string, config: Partial<JobConfig>): RunRecording {
  const full = jobConfig(config);
  const runId = claimRunDir(dir, runIdOf(full));
  const runDir = join(dir, runId);
  writeJobConfig(runDir, full);
  return {
    runId,
    runDir,
    checkpointPath: runFile(runDir, 'checkpoint'),
    record: (source) => appendUnderLock(runDir, () => ({ live$: source.pipe(map((e) => (e.type === 'run' ? { ...e, runId } : e))) })),
  };
}
