/**
 * Divergence before NaN: a loss that overflows, or grows past `DIVERGENCE_FACTOR` times the run's first
 * loss, ends the run — at lr 3 the lesson reaches 4e200 without ever becoming NaN. The error suggests a
 * learning rate that this module has checked: it trains a probe run on the same data with smaller rates
 * and names the largest one that converged.
 */
import { minibatches, type BatchPlan } from '@gradstream/data';
import { createAutogradEngine } from './autograd-engine.js';
import { createEvaluator } from './fused.js';
import type { Model } from './model.js';
import { createOptimizer, type ResolvedOptimizerConfig } from './optimizers.js';
import type { DatasetLike } from './types.js';

/** A batch loss above this multiple of the run's first batch loss counts as divergence. */
export const DIVERGENCE_FACTOR = 1e6;

/** Whether `loss` means the run has diverged, given the run's first batch loss. */
export function diverging(loss: number, firstLoss: number | undefined): boolean {
  if (!Number.isFinite(loss)) return true;
  return firstLoss !== undefined && firstLoss > 0 && loss > DIVERGENCE_FACTOR * firstLoss;
}

/** Steps a probe takes at most (one epoch of the lesson is 100). */
const PROBE_STEPS = 2000;

export interface ProbeSetup {
  model: Model;
  dataset: DatasetLike;
  plan: Pick<BatchPlan, 'batchSize' | 'shuffle' | 'seed' | 'dropLast'>;
  optimizer: ResolvedOptimizerConfig;
  /** The parameters the run started from. */
  start: Float64Array;
}

/**
 * The largest of lr/10, lr/100, … lr/10⁶ with which one epoch (at most 2,000 steps) from the run's start
 * stays finite, never passes the divergence threshold and ends with a lower loss over the whole dataset
 * than it started with; undefined when none does.
 *
 * @example
 * import { syntheticLinear } from '@gradstream/data';
 * import { linearRegression, suggestLearningRate } from '@gradstream/trainer';
 * const ds = syntheticLinear({ seed: 42 });
 * const lr = suggestLearningRate(3, { model: linearRegression(2), dataset: ds, optimizer: { name: 'sgd' },
 *   plan: { batchSize: 10, shuffle: true, seed: 42, dropLast: false }, start: new Float64Array(3) });
 * console.log(lr); // 0.3
 */
export function suggestLearningRate(lr: number, setup: ProbeSetup): number | undefined {
  for (let k = 1; k <= 6; k++) {
    const candidate = Number((lr / 10 ** k).toPrecision(1));
    if (candidate > 0 && converges(candidate, setup)) return candidate;
  }
  return undefined;
}

function converges(lr: number, { model, dataset: ds, plan, optimizer, start }: ProbeSetup): boolean {
  const p = start.slice();
  const g = new Float64Array(p.length);
  const engine = model.fused?.(plan.batchSize) ?? createAutogradEngine(model);
  const opt = createOptimizer(optimizer, p.length);
  const evaluate = createEvaluator(ds.X, ds.y, ds.n, ds.d);
  const before = evaluate(p);
  let first: number | undefined;
  let ok = true;
  let steps = 0;
  const { batchSize, shuffle, seed, dropLast } = plan;
  const probe = minibatches(ds, { batchSize, shuffle, seed, dropLast, epochs: 1, reuse: true }).subscribe((batch) => {
    if (!ok || steps >= PROBE_STEPS) return;
    steps++;
    const loss = engine.forwardBackward(batch.X, batch.y, batch.size, p, g) / batch.size;
    if (diverging(loss, first)) ok = false;
    first ??= loss;
    opt.step(p, g, lr, batch.size);
  });
  probe.unsubscribe();
  const after = evaluate(p);
  return ok && Number.isFinite(after) && after < before;
}
