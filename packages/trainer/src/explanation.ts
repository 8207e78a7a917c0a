/**
 * The hand computation of one step, as numbers a learner can check with a pencil: the batch, ŷ,
 * the residual ŷ − y (which is also ∂l/∂ŷ), the per-sample losses, Xᵀ(ŷ − y) and Σ(ŷ − y), and the
 * parameters before and after — plus the computation graph when the engine built one.
 */
import type { StepExplanation } from '@gradstream/events';
import type { Engine } from './fused.js';
import type { BatchLike } from './types.js';

/**
 * Builds the `StepExplanation` of the step just taken on `batch`.
 * @param gSum - ∂Σl/∂[w, b] of the step (length d + 1)
 *
 * @example
 * import { createFusedEngine, explainStep } from '@gradstream/trainer';
 * const batch = { epoch: 1, index: 0, size: 2, d: 1, X: new Float64Array([1, 2]), y: new Float64Array([1, 1]) };
 * const engine = createFusedEngine(1, 2);
 * const g = new Float64Array(2);
 * const lossSum = engine.forwardBackward(batch.X, batch.y, 2, new Float64Array([1, 0]), g);
 * const ex = explainStep(batch, engine, g, lossSum, 0.1, { w: [1], b: 0 }, { w: [0.9], b: -0.05 });
 * console.log(ex.residual, ex.grad); // [ 0, 1 ] { w: [ 2 ], b: 1 }
 */
export function explainStep(
  batch: BatchLike,
  engine: Engine,
  gSum: Float64Array,
  lossSum: number,
  lr: number,
  before: { w: number[]; b: number },
  after: { w: number[]; b: number },
): StepExplanation {
  const { d, size } = batch;
  const r = engine.residual();
  const X: number[][] = [];
  const y: number[] = [];
  const yHat: number[] = [];
  const residual: number[] = [];
  const perSample: number[] = [];
  for (let i = 0; i < size; i++) {
    X.push(Array.from(batch.X.subarray(i * d, (i + 1) * d)));
    y.push(batch.y[i]);
    yHat.push(r[i] + batch.y[i]);
    residual.push(r[i]);
    perSample.push((r[i] * r[i]) / 2);
  }
  const ex: StepExplanation = {
    X,
    y,
    yHat,
    residual,
    perSample,
    lossSum,
    grad: { w: Array.from(gSum.subarray(0, d)), b: gSum[d] },
    lr,
    size,
    before,
    after,
  };
  const graph = engine.graph?.();
  if (graph) ex.graph = graph;
  return ex;
}
