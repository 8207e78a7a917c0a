/**
 * The checkpoint of a run at a position: parameters, optimizer state, the stream's plan (so the same
 * batches can be made again) and the synthetic data's recipe when there is one. One place folds a run's
 * config and plan into a checkpoint; `trainOn` unfolds it.
 */
import { batchesPerEpoch, DEFAULT_SEED, type BatchPlan } from '@gradstream/data';
import { checkpointFeatures, type Checkpoint } from './checkpoint.js';
import { dataFingerprint } from './data-fingerprint.js';
import type { ResolvedConfig } from './config.js';
import type { OptimizerState } from './optimizers.js';
import type { ModelSpec } from '@gradstream/events';
import type { BatchLike } from './types.js';

export interface RunPosition {
  /** The next batch: 1-based epoch, 0-based index inside it. */
  next: { epoch: number; index: number };
  globalStep: number;
  /** Sum and count of the open epoch's batch losses. */
  epochAcc: { sum: number; count: number };
  elapsedMs: number;
}

/**
 * @example
 * // not run: it needs the state of a running train()
 * import { buildCheckpoint } from './run-checkpoint.js';
 * writeCheckpointSync(path, buildCheckpoint(cfg, plan, batchSize, { legacy: true }, p, optimizer.state(), position));
 */
export function buildCheckpoint(
  cfg: ResolvedConfig,
  plan: Readonly<BatchPlan> | undefined,
  batchSize: number,
  model: { legacy: boolean; spec?: ModelSpec },
  p: Float64Array,
  optimizer: OptimizerState,
  at: RunPosition,
): Checkpoint {
  // The lesson's checkpoints keep w and b (readable by earlier versions); other models store every parameter and the model.
  const parameters: Pick<Checkpoint, 'w' | 'b' | 'params' | 'model'> = model.legacy
    ? { w: Array.from(p.subarray(0, p.length - 1)), b: p[p.length - 1] }
    : { params: Array.from(p), model: model.spec };
  const cp: Checkpoint = {
    v: 1,
    ...parameters,
    optimizer,
    lr: cfg.lr,
    engine: cfg.engine,
    position: { ...at.next, globalStep: at.globalStep },
    data: {
      batchSize,
      epochs: plan?.epochs ?? at.next.epoch - 1,
      shuffle: plan?.shuffle ?? true,
      dropLast: plan?.dropLast ?? false,
    },
    epochAcc: { ...at.epochAcc },
    elapsedMs: at.elapsedMs,
    savedAt: Date.now(),
  };
  if (plan) cp.data.seed = plan.seed;
  if (cfg.dataset) cp.data.fingerprint = dataFingerprint(cfg.dataset);
  if (cfg.recipe) Object.assign(cp.data, cfg.recipe);
  return cp;
}

/** The first-batch facts of a resumed run that has no batch left: from its checkpoint. */
export function planOfCheckpoint(cfg: ResolvedConfig): Pick<BatchLike, 'd' | 'size' | 'plan'> {
  const { data } = cfg.resume!;
  const n = cfg.dataset?.n ?? data.n ?? 0;
  const perEpoch = batchesPerEpoch(n, data.batchSize, data.dropLast);
  const plan = { n, batchSize: data.batchSize, epochs: data.epochs, shuffle: data.shuffle, seed: data.seed ?? DEFAULT_SEED, dropLast: data.dropLast, perEpoch };
  return { d: checkpointFeatures(cfg.resume!) ?? 0, size: data.batchSize, plan };
}
