/**
 * A directory of runs as it stands: each run's summary, with `interrupted` for a run whose log has no
 * `done` or `error` event and whose writer is gone (no lock, or the lock of a dead process), and `pending`
 * for one with no event at all and no writer.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runFile } from './run-files.js';
import { readRunLog } from './run-log.js';
import { summarize, type RunSummary } from './run-summary.js';
import { liveWriter } from './writer-lock.js';

/**
 * The summary of `dir/<runId>/`.
 *
 * @example
 * import { lastValueFrom } from 'rxjs';
 * import { readRunSummary, recordRun } from '@gradstream/runs';
 * const dir = `/tmp/gradstream-state-${process.pid}`;
 * const { runId } = await lastValueFrom(recordRun(dir, { epochs: 1 }));
 * const s = readRunSummary(dir, runId);
 * console.log(s.status, s.steps, s.finalLoss! < 0.1); // done 100 true
 */
export function readRunSummary(dir: string, runId: string): RunSummary {
  const runDir = join(dir, runId);
  const summary = summarize(runId, readRunLog(runDir));
  if (summary.status === 'running' && liveWriter(runDir) === undefined) return { ...summary, status: summary.lr === undefined ? 'pending' : 'interrupted' };
  return summary;
}

/** The ids of the runs in `dir` (subdirectories holding a config or an event log), sorted; none when `dir` does not exist. */
export function runIds(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (existsSync(runFile(join(dir, d.name), 'config')) || existsSync(runFile(join(dir, d.name), 'events'))))
    .map((d) => d.name)
    .sort();
}

/**
 * Every run's summary.
 *
 * @example
 * import { lastValueFrom } from 'rxjs';
 * import { listRuns, recordRun } from '@gradstream/runs';
 * const dir = `/tmp/gradstream-list-${process.pid}`;
 * await lastValueFrom(recordRun(dir, { lr: 0.3, epochs: 1 }));
 * for (const run of listRuns(dir)) console.log(run.runId, run.status); // lr=0.3,bs=10,seed=42 done
 */
export function listRuns(dir: string): RunSummary[] {
  return runIds(dir).map((id) => readRunSummary(dir, id));
}
