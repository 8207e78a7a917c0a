/**
 * A model is a value: named parameter tensors, a forward pass and a loss, written with
 * `@gradstream/autograd` tensors. `train()` trains any model through the same loop, events,
 * checkpoints and explanations; a model may also bring a fused engine, its fast path, which the run
 * chooses by itself (`engine: 'fused'`, the default) — linear regression's is two BLAS calls a step.
 */
import { tensor, type Tensor } from '@gradstream/autograd';
import { subscript, type ModelSpec } from '@gradstream/events';
import { createFusedEngine, type Engine } from './fused.js';
import { initialLayers } from './init.js';
import { linreg, squaredLoss } from './lesson.js';
import { lossHead, type LossHead } from './models/loss-heads.js';

/** One parameter tensor: its name and shape. The run keeps all parameters in one flat vector, in this order. */
export interface ModelParameter {
  name: string;
  shape: number[];
}

export interface Model {
  readonly name: string;
  /** Features per row the model reads. */
  readonly d: number;
  readonly parameters: readonly ModelParameter[];
  /**
   * The batch's **summed** loss as an autograd graph, from parameter leaves shaped as `parameters` says
   * (the optimizer divides by the batch size, as d2l's `sgd` does).
   * @param X - size×d features
   * @param y - size labels
   */
  loss(X: Tensor, y: Tensor, params: readonly Tensor[]): { loss: Tensor; prediction: Tensor };
  /** A fused engine computing the same loss and gradient without a graph, when the model has one. */
  fused?(maxBatch: number): Engine;
  /** What events say the model is (`run.model`); absent for a model written by hand. */
  readonly spec?: ModelSpec;
  /** The loss the model ends in: per-row losses for explanations, predicted labels for accuracy. */
  readonly head?: LossHead;
  /** Outputs per row of `prediction` (1, or one per class). */
  readonly outputs?: number;
  /** Initial parameters, flat in the order of `parameters`, from a seed (default: all zero). */
  init?(seed: number): Float64Array;
}

/** Entries of a shape. */
export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * One name per entry of a parameter: `w₁ w₂` for w of shape [2, 1], `b` for a single entry,
 * `W₁,₂` style (row, column) for a matrix.
 */
export function subscriptName(name: string, shape: readonly number[]): string[] {
  const size = sizeOf(shape);
  if (size === 1) return [name];
  const cols = shape.length === 2 ? shape[1] : 1;
  return Array.from({ length: size }, (_, k) =>
    cols === 1 ? `${name}${subscript(k + 1)}` : `${name}${subscript(Math.floor(k / cols) + 1)},${subscript((k % cols) + 1)}`,
  );
}

/**
 * Parameter leaves holding the values of the flat vector `p` (copied), named and shaped as the model says.
 *
 * @example
 * import { linearRegression, parameterLeaves } from '@gradstream/trainer';
 * const [w, b] = parameterLeaves(linearRegression(2), Float64Array.of(2, -3.4, 4.2));
 * console.log(w.name, w.shape, b.toArray()); // w [ 2, 1 ] [ 4.2 ]
 */
export function parameterLeaves(model: Model, p: Float64Array): Tensor[] {
  let at = 0;
  return model.parameters.map(({ name, shape }) => {
    const size = sizeOf(shape);
    const leaf = tensor(p.slice(at, at + size), { shape, requiresGrad: true, name });
    at += size;
    return leaf;
  });
}

/**
 * d2l's linear regression: ŷ = X·w + b with w of shape [d, 1] and b of shape [1], and the squared
 * loss Σ (ŷ − y)²/2. Its fused engine is `createFusedEngine`.
 *
 * @example
 * import { tensor } from '@gradstream/autograd';
 * import { linearRegression } from '@gradstream/trainer';
 * const model = linearRegression(1);
 * const [w, b] = [tensor([[2]], { requiresGrad: true }), tensor([1], { requiresGrad: true })];
 * const { loss } = model.loss(tensor([[1], [2]]), tensor([3, 4]), [w, b]);
 * loss.backward();
 * console.log(loss.item(), w.grad!.toArray(), b.grad!.toArray()); // 0.5 [ [ 2 ] ] [ 1 ]
 */
export function linearRegression(d: number): Model {
  const parameters = [
    { name: 'w', shape: [d, 1] },
    { name: 'b', shape: [1] },
  ];
  return {
    name: 'linear regression',
    d,
    parameters,
    spec: { kind: 'linear', name: 'linear regression', parameters, sizes: [d, 1], activation: null, loss: 'squared', l2: 0, size: d + 1 },
    head: lossHead('squared'),
    outputs: 1,
    init: (seed) => initialLayers([[d, 1]], 'normal', seed),
    loss(X, y, [w, b]) {
      const prediction = linreg(X, w, b);
      prediction.name = 'ŷ';
      return { loss: squaredLoss(prediction, y).sum(), prediction };
    },
    fused: (maxBatch) => createFusedEngine(d, maxBatch),
  };
}
