/**
 * A model's output computed from what its events carry — the `model` spec of the run event and the `params`
 * of a step — so a viewer can draw what the model predicts (the dashboard's decision boundary) without the
 * trainer. It is the forward pass of `@gradstream/trainer`'s MLP: h ← act(h·W_i + b_i), the output layer linear.
 */
import type { ModelSpec, ParamValues } from './schema.js';

const ACTIVATE = {
  relu: (x: number) => (x > 0 ? x : 0),
  tanh: Math.tanh,
  sigmoid: (x: number) => 1 / (1 + Math.exp(-x)),
} as const;

/**
 * The label the model predicts for each of `n` points (row-major n×d in `X`): the class with the largest output
 * (cross-entropy; ties to the first), the sign (hinge: +1 or −1) or 1 when the output is positive (logistic);
 * for regression, the output itself.
 *
 * @example
 * import { predictLabels } from '@gradstream/events';
 * const spec = { kind: 'logistic', name: 'logistic', parameters: [], sizes: [2, 1], activation: null, loss: 'logistic', l2: 0, size: 3 } as const;
 * console.log(predictLabels(spec, { W1: [1, -1], b1: [0] }, [2, 1, 1, 2], 2)); // [ 1, 0 ]
 */
export function predictLabels(spec: ModelSpec, params: ParamValues, X: ArrayLike<number>, n: number): number[] {
  const { sizes, activation, loss } = spec;
  const layers = sizes.length - 1;
  const labels = new Array<number>(n);
  let h = new Float64Array(Math.max(...sizes));
  let next = new Float64Array(h.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < sizes[0]; j++) h[j] = X[i * sizes[0] + j];
    for (let l = 1; l <= layers; l++) {
      const [fanIn, fanOut] = [sizes[l - 1], sizes[l]];
      const W = params[`W${l}`];
      const b = params[`b${l}`];
      for (let o = 0; o < fanOut; o++) {
        let s = b[o];
        for (let k = 0; k < fanIn; k++) s += h[k] * W[k * fanOut + o];
        next[o] = l < layers && activation !== null ? ACTIVATE[activation](s) : s;
      }
      [h, next] = [next, h];
    }
    labels[i] = label(h, sizes[layers], loss);
  }
  return labels;
}

function label(out: Float64Array, k: number, loss: ModelSpec['loss']): number {
  if (loss === 'cross-entropy') {
    let best = 0;
    for (let c = 1; c < k; c++) if (out[c] > out[best]) best = c;
    return best;
  }
  if (loss === 'hinge') return out[0] > 0 ? 1 : -1;
  if (loss === 'logistic') return out[0] > 0 ? 1 : 0;
  return out[0];
}
