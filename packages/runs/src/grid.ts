/**
 * A sweep's grid: lists of values per hyperparameter, and the cartesian product of them — one `JobConfig`
 * per grid point, in order (learning rate outermost, seed innermost).
 */
import { checkKnownKeys, invalidArgument, LESSON } from '@gradstream/data';
import { jobConfig, type JobConfig, type OptimizerName } from './job.js';

export interface SweepGrid {
  /** Learning rates (required). */
  lr: number[];
  /** Batch sizes (default: the lesson's, 10). */
  batchSize?: number[];
  /** Optimizers (default: sgd). */
  optimizer?: OptimizerName[];
  /** Seeds: a list, or a count k for the seeds 42 … 42 + k − 1 (default: 42). */
  seeds?: number | number[];
  /** Fixed for every run: epochs and the synthetic data (the lesson's by default). */
  epochs?: number;
  n?: number;
  trueW?: number[];
  trueB?: number;
  noise?: number;
}

const LISTS = ['lr', 'batchSize', 'optimizer'] as const;

/**
 * The grid's points, checked (each error names the grid field, the rule and the value).
 *
 * @example
 * import { expandGrid } from '@gradstream/runs';
 * const points = expandGrid({ lr: [0.03, 3], batchSize: [10, 100] });
 * console.log(points.map((c) => `${c.lr}/${c.batchSize}`).join(' ')); // 0.03/10 0.03/100 3/10 3/100
 * try { expandGrid({ lr: [] }); } catch (e) { console.log((e as Error).message); }
 * // invalid argument. grid.lr must be a nonempty array. Value: `[]`.
 */
export function expandGrid(grid: SweepGrid): JobConfig[] {
  if (typeof grid !== 'object' || grid === null) throw invalidArgument('grid', 'must be an object', grid, TypeError);
  checkKnownKeys('grid', grid as unknown as Record<string, unknown>, ['lr', 'batchSize', 'optimizer', 'seeds', 'epochs', 'n', 'trueW', 'trueB', 'noise']);
  for (const key of LISTS) {
    const list = grid[key];
    if (list !== undefined && (!Array.isArray(list) || list.length === 0)) throw invalidArgument(`grid.${key}`, 'must be a nonempty array', list);
  }
  if (grid.lr === undefined) throw invalidArgument('grid.lr', 'must be a nonempty array', grid.lr);
  const seeds = seedList(grid.seeds);
  const { epochs, n, trueW, trueB, noise } = grid;
  const fixed = { ...(epochs === undefined ? {} : { epochs }), ...(n === undefined ? {} : { n }), ...(trueW === undefined ? {} : { trueW }), ...(trueB === undefined ? {} : { trueB }), ...(noise === undefined ? {} : { noise }) };
  const points: JobConfig[] = [];
  for (const lr of grid.lr) {
    for (const batchSize of grid.batchSize ?? [LESSON.batchSize]) {
      for (const optimizer of grid.optimizer ?? ['sgd' as const]) {
        for (const seed of seeds) points.push(gridPoint({ ...fixed, lr, batchSize, optimizer, seed }));
      }
    }
  }
  return points;
}

/** jobConfig, with errors naming the grid's field (`grid.seeds` for a seed) instead of the config's. */
function gridPoint(partial: Partial<JobConfig>): JobConfig {
  try {
    return jobConfig(partial);
  } catch (err) {
    const e = err as Error;
    e.message = e.message.replace(/\bconfig\.(\w+)/, (_, key: string) => `grid.${key === 'seed' ? 'seeds' : key}`);
    throw e;
  }
}

function seedList(seeds: SweepGrid['seeds']): number[] {
  if (seeds === undefined) return [LESSON.seed];
  if (typeof seeds === 'number') {
    if (!Number.isInteger(seeds) || seeds < 1) throw invalidArgument('grid.seeds', 'must be a positive integer (a count) or a nonempty array of seeds', seeds);
    return Array.from({ length: seeds }, (_, i) => LESSON.seed + i);
  }
  if (!Array.isArray(seeds) || seeds.length === 0) throw invalidArgument('grid.seeds', 'must be a positive integer (a count) or a nonempty array of seeds', seeds);
  return seeds;
}
