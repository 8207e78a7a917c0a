/**
 * The table a sweep prints: its runs sorted by final loss (lowest first), the runs that failed after
 * them, marked `diverged` or `failed`, with their error.
 */
import type { RunSummary } from './run-summary.js';

/**
 * Finished runs first, by final loss; then the rest in run-id order.
 *
 * @example
 * import { sortByFinalLoss } from '@gradstream/runs';
 * const rows = sortByFinalLoss([
 *   { runId: 'b', status: 'diverged', steps: 11 },
 *   { runId: 'a', status: 'done', steps: 300, finalLoss: 0.2 },
 *   { runId: 'c', status: 'done', steps: 300, finalLoss: 0.1 },
 * ]);
 * console.log(rows.map((r) => r.runId).join(' ')); // c a b
 */
export function sortByFinalLoss(rows: readonly RunSummary[]): RunSummary[] {
  const rank = (r: RunSummary) => (r.status === 'done' && r.finalLoss !== undefined ? r.finalLoss : Infinity);
  return [...rows].sort((a, b) => rank(a) - rank(b) || (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0));
}

/**
 * The runs as a text table (sorted by `sortByFinalLoss`), one line each, then the errors of failed runs.
 *
 * @example
 * import { formatRunTable } from '@gradstream/runs';
 * console.log(formatRunTable([
 *   { runId: 'lr=0.03,bs=10,seed=42', status: 'done', steps: 300, finalLoss: 5.05e-5, gapToOptimum: 1e-7, elapsedMs: 66 },
 *   { runId: 'lr=3,bs=10,seed=42', status: 'diverged', steps: 11, error: 'training diverged at epoch 1' },
 * ]));
 */
export function formatRunTable(rows: readonly RunSummary[]): string {
  const sorted = sortByFinalLoss(rows);
  const header = ['run', 'status', 'final loss', 'gap to optimum', 'steps', 'time'];
  const cells = sorted.map((r) => [
    r.runId,
    r.status,
    r.status === 'done' && r.finalLoss !== undefined ? r.finalLoss.toExponential(4) : '—',
    r.status === 'done' && r.gapToOptimum !== undefined ? r.gapToOptimum.toExponential(2) : '—',
    String(r.steps),
    // A run's time is its last epoch's: a run that stopped early (diverged, failed, interrupted) shows none rather
    // than the time of whichever epoch it last finished (0.00 s for one, nothing for another).
    r.elapsedMs === undefined || (r.status !== 'done' && r.status !== 'running') ? '—' : `${(r.elapsedMs / 1000).toFixed(2)} s`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i >= 2 ? x.padStart(widths[i]) : x.padEnd(widths[i]))).join('  ').trimEnd();
  const lines = [line(header), ...cells.map(line)];
  const failed = sorted.filter((r) => r.error !== undefined);
  if (failed.length > 0) lines.push('', ...failed.map((r) => `${r.runId}: ${r.error}`));
  return lines.join('\n');
}
