/**
 * The autograd engine: each batch builds the lesson's graph with `@gradstream/autograd`
 * (`linreg` → `squaredLoss` → `.sum()`), runs `.backward()` and reads `w.grad`, `b.grad` — the same
 * numbers the fused engine gets from two BLAS calls, computed the way the learner's code computes them.
 * It allocates tensors every step; it is the engine to read, the fused one is the engine to run.
 */
import { tensor, toGraphJson, type Tensor } from '@gradstream/autograd';
import type { GraphJson } from '@gradstream/events';
import type { Engine } from './fused.js';
import { linreg, squaredLoss } from './lesson.js';

/**
 * Creates the autograd engine for `d` features.
 *
 * @example
 * import { createAutogradEngine } from '@gradstream/trainer';
 * const e = createAutogradEngine(1);
 * const g = new Float64Array(2);
 * const lossSum = e.forwardBackward(new Float64Array([1, 2]), new Float64Array([1, 1]), 2, new Float64Array([1, 0]), g);
 * console.log(lossSum, g); // 0.5 Float64Array [ 2, 1 ]
 */
export function createAutogradEngine(d: number): Engine {
  // Persistent parameters, as in the lesson: values are refreshed from the trainer's parameter
  // vector before each step and their gradients zeroed, so .grad holds exactly this batch's gradient.
  const w = tensor(new Float64Array(d), { shape: [d, 1], requiresGrad: true, name: 'w' });
  const b = tensor([0], { requiresGrad: true, name: 'b' });
  let r = new Float64Array(1);
  let last: Tensor | undefined;
  return {
    name: 'autograd',
    forwardBackward(Xdata, ydata, size, p, gSum) {
      w.data.set(p.subarray(0, d));
      b.data[0] = p[d];
      w.zeroGrad();
      b.zeroGrad();
      const X = tensor(Xdata.subarray(0, size * d), { shape: [size, d], name: 'X' });
      const y = tensor(ydata.subarray(0, size), { shape: [size], name: 'y' });
      const yHat = linreg(X, w, b);
      const l = squaredLoss(yHat, y);
      const loss = l.sum();
      loss.backward();
      last = loss;
      if (size > r.length) r = new Float64Array(size);
      for (let i = 0; i < size; i++) r[i] = yHat.data[i] - ydata[i];
      gSum.set(w.grad!.data);
      gSum[d] = b.grad!.data[0];
      return loss.item();
    },
    residual: () => r,
    // Built only when an explanation asks for it: values and ∂Σl/∂node on every node of the last step.
    graph: (): GraphJson | undefined => (last === undefined ? undefined : toGraphJson(last)),
  };
}
