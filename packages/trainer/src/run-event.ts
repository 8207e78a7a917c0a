/**
 * The `run` event: what a run was asked to do (the stream's plan, the optimizer, the engine), where it
 * starts, and what it is compared to (true parameters, the least-squares optimum, a sample of the data).
 */
import type { BatchPlan } from '@gradstream/data';
import { SCHEMA_VERSION, type EpochEvent, type RunConfig, type RunEvent, type StepEvent } from '@gradstream/events';
import type { ResolvedConfig } from './config.js';
import type { RunSetup } from './run-start.js';
import { sample } from './sample.js';

/**
 * @param setup - the run's model, parameters and plan (a plan is undefined for streams of unknown length: the first batch's size is used)
 *
 * @example
 * // not run: it needs a resolved config and the setup of a running train()
 * import { buildRunEvent } from './run-event.js';
 * const e = buildRunEvent(cfg, startRun(cfg, firstBatch), 10);
 */
export function buildRunEvent(cfg: ResolvedConfig, setup: Pick<RunSetup, 'plan' | 'd' | 'p' | 'optimum' | 'model' | 'view' | 'engine'>, firstBatchSize: number): RunEvent {
  const { plan, d, p, optimum, model, view, engine } = setup;
  const ds = cfg.dataset;
  const config: RunConfig = {
    d,
    batchSize: plan?.batchSize ?? firstBatchSize,
    lr: cfg.lr,
    optimizer: { ...cfg.optimizer },
    // The engine that runs: a model without a fused fast path trains through autograd whatever was asked.
    engine: engine.name,
  };
  if (plan) Object.assign(config, { epochs: plan.epochs, seed: plan.seed, shuffle: plan.shuffle, dropLast: plan.dropLast });
  const n = ds?.n ?? plan?.n;
  if (n !== undefined) config.n = n;
  if (cfg.source !== undefined) config.source = cfg.source;
  if (cfg.schedule !== undefined) config.schedule = { ...cfg.schedule };
  const run: RunEvent = { type: 'run', v: SCHEMA_VERSION, config, startedAt: Date.now(), ...view.fields(p) };
  if (model.spec) run.model = model.spec;
  if (cfg.trueW) run.trueW = [...cfg.trueW];
  if (cfg.trueB !== undefined) run.trueB = cfg.trueB;
  if (optimum) run.optimum = optimum;
  if (ds) run.sample = sample(ds);
  return run;
}

/** Adds w − trueW and b − trueB to a step or epoch event, when the true parameters are known. */
export function addParameterErrors(e: StepEvent | EpochEvent, w: number[], b: number, truth: Pick<ResolvedConfig, 'trueW' | 'trueB'>): void {
  const { trueW, trueB } = truth;
  if (trueW) {
    const err = new Array<number>(w.length);
    for (let j = 0; j < w.length; j++) err[j] = w[j] - trueW[j];
    e.wError = err;
  }
  if (trueB !== undefined) e.bError = b - trueB;
}
