/**
 * Which run directory each grid point goes to. A point whose config equals that of a run already in the
 * directory is that run (finished: skipped; interrupted: resumed); any other point gets a new directory
 * under its readable id, with its config.json (and no events yet: `pending`). That makes a sweep idempotent: the same command again finds its own runs.
 */
import { join } from 'node:path';
import { sameConfig, type JobConfig, type RunJob } from './job.js';
import { readJobConfig, writeJobConfig } from './run-config.js';
import { claimRunDir, runIdOf } from './run-id.js';
import { runIds } from './run-state.js';

/**
 * @example
 * import { expandGrid, planSweep } from '@gradstream/runs';
 * const dir = `/tmp/gradstream-plan-${process.pid}`;
 * const jobs = planSweep(dir, expandGrid({ lr: [0.03, 0.3] }));
 * console.log(jobs.map((j) => j.runId)); // [ 'lr=0.03,bs=10,seed=42', 'lr=0.3,bs=10,seed=42' ]
 * console.log(planSweep(dir, expandGrid({ lr: [0.3] }))[0].runId); // lr=0.3,bs=10,seed=42 (the same run)
 */
export function planSweep(dir: string, configs: readonly JobConfig[]): RunJob[] {
  const existing = runIds(dir).map((runId) => ({ runId, config: readJobConfig(join(dir, runId)) }));
  const taken = new Set<string>();
  return configs.map((config) => {
    const found = existing.find((r) => !taken.has(r.runId) && r.config !== undefined && sameConfig(r.config, config));
    let runId = found?.runId;
    if (runId === undefined) {
      // The config goes in at once, so a sweep stopped before this run started still finds it next time.
      runId = claimRunDir(dir, runIdOf(config));
      writeJobConfig(join(dir, runId), config);
    }
    taken.add(runId);
    return { runId, config };
  });
}
