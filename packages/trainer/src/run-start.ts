/**
 * What a run sets up from its config and first batch: the model and its flat parameter vector (from a
 * checkpoint, `init`, or the model's seeded init), the optimizer, the engine (the model's fused one when it has
 * one), and what each epoch is measured with (the dataset in memory, or the epoch's batches).
 */
import type { BatchPlan } from '@gradstream/data';
import { createAutogradEngine } from './autograd-engine.js';
import { checkpointFeatures, checkpointParameters } from './checkpoint.js';
import { OPTIMUM_AUTO_LIMIT, type ResolvedConfig } from './config.js';
import { createEvaluator, type Engine } from './fused.js';
import { DEFAULT_SEED } from './init.js';
import { linearRegression, type Model } from './model.js';
import { modelFromSpec } from './models/catalog.js';
import { createModelEvaluator, type EpochNumbers } from './model-evaluator.js';
import { leastSquares, type Optimum } from './optimum.js';
import { createOptimizer, type Optimizer } from './optimizers.js';
import { ParameterView } from './parameter-view.js';
import type { BatchLike } from './types.js';

export interface RunSetup {
  model: Model;
  /** Features per row. */
  d: number;
  plan: Readonly<BatchPlan> | undefined;
  batchSize: number;
  p: Float64Array;
  g: Float64Array;
  optimizer: Optimizer;
  engine: Engine;
  view: ParameterView;
  /** The epoch's loss (and accuracy) over the dataset in memory, when there is one. */
  evaluate?: (p: Float64Array) => EpochNumbers;
  optimum?: Optimum;
}

/**
 * @example
 * // not run: it needs a resolved config and the first batch of a running train()
 * import { startRun } from './run-start.js';
 * const setup = startRun(cfg, firstBatch);
 */
export function startRun(cfg: ResolvedConfig, first: Pick<BatchLike, 'd' | 'size' | 'plan'>): RunSetup {
  const resume = cfg.resume;
  // The run's feature count: what the config says, else the first batch's (a batch that disagrees is refused).
  const d = cfg.model?.d ?? cfg.dataset?.d ?? (resume ? checkpointFeatures(resume) : undefined) ?? initFeatures(cfg) ?? first.d;
  const plan = first.plan;
  const batchSize = plan?.batchSize ?? resume?.data.batchSize ?? first.size;
  // A resumed run of another model rebuilds it from the checkpoint's spec unless the config brings it.
  const model = cfg.model ?? (resume?.model ? modelFromSpec(resume.model) : linearRegression(d));
  const view = new ParameterView(model);
  const dim = model.parameters.reduce((s, q) => s + q.shape.reduce((a, b) => a * b, 1), 0);
  const p = new Float64Array(dim);
  if (resume) p.set(checkpointParameters(resume));
  else if (cfg.init) p.set(initialVector(model, cfg.init));
  else if (model.init) p.set(model.init(plan?.seed ?? DEFAULT_SEED));
  const optimizer = createOptimizer(cfg.optimizer, dim, resume?.optimizer);
  const fused = cfg.engine === 'fused' ? model.fused?.(batchSize) : undefined;
  const engine = fused ?? createAutogradEngine(model);
  const setup: RunSetup = { model, d, plan, batchSize, p, g: new Float64Array(dim), optimizer, engine, view };
  const ds = cfg.dataset;
  if (ds && model.fused && isLinearSquared(model)) {
    // The lesson's model: the epoch loss through BLAS, and the least-squares optimum to compare with.
    const mse = createEvaluator(ds.X, ds.y, ds.n, ds.d);
    setup.evaluate = (q) => ({ loss: mse(q) });
    if (cfg.optimum ?? ds.n * ds.d * ds.d <= OPTIMUM_AUTO_LIMIT) setup.optimum = leastSquares(ds.X, ds.y, ds.n, ds.d, mse);
  } else if (ds) {
    setup.evaluate = createModelEvaluator(model, ds);
  }
  return setup;
}

function initFeatures(cfg: ResolvedConfig): number | undefined {
  const init = cfg.init;
  return init && 'w' in init && typeof init.b === 'number' ? (init.w as number[]).length : undefined;
}

/** `init` as the flat vector: the lesson's `{ w, b }`, or values by parameter name. */
function initialVector(model: Model, init: NonNullable<ResolvedConfig['init']>): Float64Array {
  if ('w' in init && typeof init.b === 'number') return Float64Array.from([...(init.w as number[]), init.b]);
  const values = init as Record<string, number[]>;
  return Float64Array.from(model.parameters.flatMap(({ name }) => values[name]));
}

/** Linear regression on the squared loss without L2 (the lesson's model, or an MLP [d, 1] of that loss): the BLAS evaluator and the least-squares optimum apply. */
function isLinearSquared(model: Model): boolean {
  const spec = model.spec;
  return spec === undefined || (spec.sizes.length === 2 && spec.sizes[1] === 1 && spec.loss === 'squared' && spec.l2 === 0);
}
