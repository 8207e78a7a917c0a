/**
 * The autograd engine: each batch builds the model's graph with `@gradstream/autograd` (for linear
 * regression `linreg` → `squaredLoss` → `.sum()`), runs `.backward()` and reads the parameters' `.grad` —
 * the numbers the fused engine gets from two BLAS calls, computed the way the learner's code computes them.
 * It allocates tensors every step; it is the engine to read, the fused one is the engine to run.
 */
import { tensor, type Tensor } from '@gradstream/autograd';
import type { Engine } from './fused.js';
import { parameterLeaves, type Model } from './model.js';
import { correctRows } from './models/loss-heads.js';

/**
 * Creates the autograd engine of `model`.
 *
 * @example
 * import { createAutogradEngine, linearRegression } from '@gradstream/trainer';
 * const e = createAutogradEngine(linearRegression(1));
 * const g = new Float64Array(2);
 * const lossSum = e.forwardBackward(new Float64Array([1, 2]), new Float64Array([1, 1]), 2, new Float64Array([1, 0]), g);
 * console.log(lossSum, g); // 0.5 Float64Array(2) [ 2, 1 ]
 */
export function createAutogradEngine(model: Model): Engine {
  const { d } = model;
  // Persistent parameters, as in the lesson: refreshed from the run's vector before each step and their
  // gradients zeroed, so .grad holds exactly this batch's gradient (and no leaf is allocated per step).
  let params: Tensor[] | undefined;
  const predict = model.head?.predict ? model.head : undefined;
  const engine: Engine = {
    name: 'autograd',
    forwardBackward(Xdata, ydata, size, p, gSum) {
      if (params === undefined) params = parameterLeaves(model, p);
      let from = 0;
      for (const param of params) {
        param.data.set(p.subarray(from, from + param.data.length));
        param.zeroGrad();
        from += param.data.length;
      }
      const X = tensor(Xdata.subarray(0, size * d), { shape: [size, d], name: 'X' });
      const y = tensor(ydata.subarray(0, size), { shape: [size], name: 'y' });
      const { loss, prediction } = model.loss(X, y, params);
      if (predict) engine.correct = correctRows(predict, prediction.data, model.outputs ?? 1, ydata, size);
      loss.backward();
      let at = 0;
      for (const param of params) {
        gSum.set(param.grad!.data, at);
        at += param.data.length;
      }
      return loss.item();
    },
  };
  return engine;
}
