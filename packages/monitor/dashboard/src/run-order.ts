/**
 * The runs table's order (DOM-free): by final loss, gap to optimum, steps or time, ascending or
 * descending; a run without the value (failed, or not there yet) always goes last, ties by id.
 */
import type { RunSummary } from '../../src/runs-protocol.js';

export type RunSortKey = 'finalLoss' | 'gapToOptimum' | 'steps' | 'elapsedMs';

/**
 * @example
 * import { sortRuns } from './run-order.js';
 * const run = (id: string, finalLoss: number | null) => ({ id, config: null, status: 'done', finalLoss, gapToOptimum: null, steps: 1, epochs: 1, elapsedMs: 1, startedAt: 1 }) as const;
 * console.log(sortRuns([run('a', 0.5), run('b', null), run('c', 0.1)], 'finalLoss', 'asc').map((r) => r.id)); // [ 'c', 'a', 'b' ]
 * console.log(sortRuns([run('a', 0.5), run('b', null), run('c', 0.1)], 'finalLoss', 'desc').map((r) => r.id)); // [ 'a', 'c', 'b' ]
 */
export function sortRuns(runs: readonly RunSummary[], key: RunSortKey, direction: 'asc' | 'desc'): RunSummary[] {
  const sign = direction === 'asc' ? 1 : -1;
  const value = (r: RunSummary): number | null => {
    const v = r[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  return [...runs].sort((a, b) => {
    const [va, vb] = [value(a), value(b)];
    if (va === null || vb === null) return va === vb ? a.id.localeCompare(b.id) : va === null ? 1 : -1;
    return va === vb ? a.id.localeCompare(b.id) : sign * (va - vb);
  });
}
