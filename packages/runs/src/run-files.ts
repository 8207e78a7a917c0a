/**
 * The layout of a directory of runs (TensorBoard's logdir): `DIR/<run-id>/` holds one run — its events as
 * NDJSON, its config, its checkpoint, and while a process writes it, that process's lock file.
 */
import { join } from 'node:path';

/** File names inside a run directory. */
export const RUN_FILES = {
  /** The run's events, one JSON object a line, appended whole lines at a time. */
  events: 'events.ndjson',
  /** The run's `JobConfig`. */
  config: 'config.json',
  /** The trainer's checkpoint (parameters, optimizer state, stream position). */
  checkpoint: 'checkpoint.json',
  /** `{ pid, host, startedAt }` of the process writing the run; removed when it stops writing. */
  lock: 'writer.lock',
} as const;

/**
 * The path of a run's file.
 *
 * @example
 * import { runFile } from '@gradstream/runs';
 * console.log(runFile('runs/lr=0.03,bs=10,seed=42', 'checkpoint')); // runs/lr=0.03,bs=10,seed=42/checkpoint.json
 */
export function runFile(runDir: string, file: keyof typeof RUN_FILES): string {
  return join(runDir, RUN_FILES[file]);
}
