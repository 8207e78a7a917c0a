/**
 * The line a local sweep starts with: how many runs, where, and what the directory already holds of them —
 * so a sweep run again says that it skips the finished runs and resumes the interrupted ones.
 *
 * @example
 * import { expandGrid } from '@gradstream/runs';
 * import { sweepPlanLine } from './sweep-plan-line.js';
 * console.log(await sweepPlanLine(`/tmp/gradstream-plan-line-${process.pid}`, expandGrid({ lr: [0.03, 0.3] }), 2));
 * // sweep: 2 runs into /tmp/gradstream-plan-line-…: 2 new, at most 2 at a time
 */
import type { JobConfig } from '@gradstream/runs';

export async function sweepPlanLine(dir: string, configs: JobConfig[], parallel: number | undefined): Promise<string> {
  const { planSweep, readRunSummary } = await import('@gradstream/runs');
  const states = planSweep(dir, configs).map((job) => readRunSummary(dir, job.runId).status);
  const count = (...of: string[]) => states.filter((s) => of.includes(s)).length;
  const parts = [
    [count('done', 'diverged', 'failed'), 'finished earlier (skipped)'],
    [count('interrupted'), 'to resume'],
    [count('running'), 'being written by another process'],
    [count('pending'), 'new'],
  ].filter(([n]) => n !== 0).map(([n, what]) => `${n} ${what}`);
  return `sweep: ${configs.length} runs into ${dir}: ${parts.join(', ')}${parallel ? `, at most ${parallel} at a time` : ''}`;
}
