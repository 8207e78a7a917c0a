/**
 * `recordRun(dir, config)`: trains one run and records it into a directory of runs, under a new readable
 * id (`lr=0.03,bs=10,seed=42`, or `…,run=2` when that one is taken).
 */
import { defer, map, type Observable } from 'rxjs';
import type { TaggedEvent } from '@gradstream/events';
import { jobConfig, type JobConfig } from './job.js';
import { runJob, type RunJobOptions } from './run-job.js';
import { claimRunDir, runIdOf } from './run-id.js';

/**
 * Cold: each subscription claims a new run directory `dir/<run-id>/` and writes `config.json`,
 * `events.ndjson` (every event as it happens) and `checkpoint.json` there.
 *
 * @example
 * import { lastValueFrom } from 'rxjs';
 * import { recordRun } from '@gradstream/runs';
 * const dir = `/tmp/gradstream-record-${process.pid}`;
 * const last = await lastValueFrom(recordRun(dir, { lr: 0.03, epochs: 1 }));
 * console.log(last.runId, last.event.type); // lr=0.03,bs=10,seed=42 done
 * const again = await lastValueFrom(recordRun(dir, { lr: 0.03, epochs: 1 }));
 * console.log(again.runId); // lr=0.03,bs=10,seed=42,run=2
 */
export function recordRun(dir: string, config: Partial<JobConfig>, options: RunJobOptions = {}): Observable<TaggedEvent> {
  const full = jobConfig(config);
  return defer(() => {
    const runId = claimRunDir(dir, runIdOf(full));
    return runJob(dir, { runId, config: full }, options).pipe(map((event) => ({ runId, event })));
  });
}
