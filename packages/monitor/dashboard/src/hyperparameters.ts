/**
 * A run's hyperparameters as the compare view shows, filters and plots them (DOM-free): the config
 * fields a sweep varies, with names a person reads.
 */
import type { RunConfig } from '@gradstream/events';
import type { RunSummary } from '../../src/runs-protocol.js';

export type HyperValue = number | string;

/** The hyperparameters the compare view knows, in the order it shows them. */
export const HYPERPARAMETERS = ['lr', 'batch size', 'optimizer', 'epochs', 'seed', 'engine'] as const;
export type HyperName = (typeof HYPERPARAMETERS)[number];

/**
 * @example
 * import { hyperparameters } from './hyperparameters.js';
 * console.log(hyperparameters({ d: 2, batchSize: 10, lr: 0.03, optimizer: { name: 'sgd' }, engine: 'fused', seed: 42 }));
 * // { lr: 0.03, 'batch size': 10, optimizer: 'sgd', seed: 42, engine: 'fused' }
 */
export function hyperparameters(config: RunConfig | null): Partial<Record<HyperName, HyperValue>> {
  if (config === null) return {};
  const out: Partial<Record<HyperName, HyperValue>> = { lr: config.lr, 'batch size': config.batchSize, optimizer: config.optimizer?.name };
  if (config.epochs !== undefined) out.epochs = config.epochs;
  if (config.seed !== undefined) out.seed = config.seed;
  out.engine = config.engine;
  return out;
}

/**
 * The hyperparameters whose value differs between the runs, with their values sorted (numbers
 * ascending); when none differs (one run), lr and batch size, so there is still something to show.
 *
 * @example
 * import { varying } from './hyperparameters.js';
 * const run = (id: string, lr: number) => ({ id, config: { d: 2, batchSize: 10, lr, optimizer: { name: 'sgd' }, engine: 'fused' }, status: 'done', finalLoss: 1, gapToOptimum: null, steps: 1, epochs: 1, elapsedMs: 1, startedAt: 1 }) as const;
 * console.log(varying([run('a', 0.3), run('b', 0.03)])); // Map(1) { 'lr' => [ 0.03, 0.3 ] }
 */
export function varying(runs: Iterable<RunSummary>): Map<HyperName, HyperValue[]> {
  const values = new Map<HyperName, Set<HyperValue>>(HYPERPARAMETERS.map((h) => [h, new Set()]));
  for (const run of runs) {
    const hp = hyperparameters(run.config);
    for (const h of HYPERPARAMETERS) if (hp[h] !== undefined) values.get(h)!.add(hp[h]!);
  }
  const out = new Map<HyperName, HyperValue[]>();
  for (const [h, set] of values) if (set.size > 1) out.set(h, sortValues([...set]));
  if (out.size === 0) for (const h of ['lr', 'batch size'] as const) if (values.get(h)!.size > 0) out.set(h, [...values.get(h)!]);
  return out;
}

/** Numbers ascending, then strings alphabetically. */
export function sortValues(values: HyperValue[]): HyperValue[] {
  return values.sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : typeof a === 'number' ? -1 : typeof b === 'number' ? 1 : a.localeCompare(b)));
}
