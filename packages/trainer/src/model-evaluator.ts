/**
 * The epoch's numbers over the whole dataset in memory, for any model: the loss (mean over all rows of the
 * per-row loss, plus l2·Σp²) and, for a classifier, the accuracy — what the fixtures' `epochLoss` and
 * `epochAccuracy` hold. One forward pass without a graph (`noGrad`), once an epoch.
 */
import { noGrad, tensor } from '@gradstream/autograd';
import { parameterLeaves, type Model } from './model.js';
import { correctRows } from './models/loss-heads.js';
import type { DatasetLike } from './types.js';

export interface EpochNumbers {
  loss: number;
  /** Fraction of rows classified correctly, for classifiers. */
  accuracy?: number;
}

/**
 * @example
 * import { createModelEvaluator, mlp } from '@gradstream/trainer';
 * const model = mlp({ sizes: [1, 1], loss: 'hinge' });
 * const evaluate = createModelEvaluator(model, { n: 2, d: 1, X: Float64Array.of(1, -1), y: Float64Array.of(1, -1) });
 * console.log(evaluate(Float64Array.of(2, 0))); // { loss: 0, accuracy: 1 }
 */
export function createModelEvaluator(model: Model, ds: DatasetLike): (p: Float64Array) => EpochNumbers {
  const X = tensor(ds.X, { shape: [ds.n, ds.d], name: 'X' });
  const y = tensor(ds.y, { shape: [ds.n], name: 'y' });
  return (p) =>
    noGrad(() => {
      const { loss, prediction } = model.loss(X, y, parameterLeaves(model, p));
      const numbers: EpochNumbers = { loss: loss.item() / ds.n };
      if (model.head?.predict) numbers.accuracy = correctRows(model.head, prediction.data, model.outputs ?? 1, ds.y, ds.n) / ds.n;
      return numbers;
    });
}
