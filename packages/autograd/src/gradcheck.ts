/**
 * gradcheck: the analytic gradient of the engine against central finite differences.
 *
 * Like torch.autograd.gradcheck, it compares whole Jacobians: one backward pass per output element
 * (seeded with a one-hot gradient, through the functional grad(), so `.grad` is left alone) against
 * (f(x + ε) − f(x − ε)) / 2ε for every input element. An entry passes when
 * |analytic − numeric| ≤ atol + rtol·|numeric|.
 */
import { noGrad } from './grad-mode.js';
import { grad } from './grad.js';
import { Tensor } from './tensor.js';

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6, as PyTorch). */
  eps?: number;
  /** Absolute tolerance (default 1e-5, as PyTorch). */
  atol?: number;
  /** Relative tolerance (default 1e-3, as PyTorch). */
  rtol?: number;
}

export interface GradcheckReport {
  /** Every Jacobian entry within tolerance. */
  ok: boolean;
  /** Largest |analytic − numeric| over all entries. */
  maxAbsError: number;
  /** The entry furthest outside (or closest to) its tolerance. */
  worst: { input: number; index: number; output: number; analytic: number; numeric: number; tolerance: number } | null;
  /** Jacobian entries compared. */
  checked: number;
}

/**
 * Checks `fn`'s gradients with respect to every input that requires grad.
 *
 * @param fn - builds an output tensor (any shape) from the inputs; must be deterministic
 * @param inputs - passed to `fn` in order; those with requiresGrad are checked (their data is perturbed and restored)
 * @param opts - eps, atol, rtol
 * @returns a report: `ok`, the largest absolute error and the worst entry
 *
 * @example
 * import { gradcheck, tensor } from '@gradstream/autograd';
 * const x = tensor([0.5, -1.5], { requiresGrad: true });
 * console.log(gradcheck((t) => t.pow(3).sum(), [x]).ok); // true
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradcheckOptions = {}): GradcheckReport {
  const eps = positive(opts.eps ?? 1e-6, 'eps');
  const atol = nonNegative(opts.atol ?? 1e-5, 'atol');
  const rtol = nonNegative(opts.rtol ?? 1e-3, 'rtol');
  if (typeof fn !== 'function') throw new TypeError(`invalid argument. fn must be a function of the inputs. Value: \`${String(fn)}\`.`);
  const checkedInputs = inputs.map((t, i) => ({ t, i })).filter(({ t }) => t instanceof Tensor && t.requiresGrad);
  if (checkedInputs.length === 0) {
    throw new RangeError('invalid argument. inputs must contain at least one tensor with requiresGrad: true. Value: `none`.');
  }
  const out = fn(...inputs);
  if (!(out instanceof Tensor)) throw new TypeError(`invalid argument. fn must return a Tensor. Value: \`${String(out)}\`.`);
  const nOut = out.data.length;
  // analytic[input][o * n + j] = ∂out[o]/∂input[j]
  const analytic = checkedInputs.map(({ t }) => new Float64Array(nOut * t.data.length));
  for (let o = 0; o < nOut; o++) {
    const seed = new Tensor(new Float64Array(nOut), out.shape);
    seed.data[o] = 1;
    const gs = grad(out, checkedInputs.map(({ t }) => t), { gradOutputs: [seed], retainGraph: true, allowUnused: true });
    gs.forEach((g, k) => analytic[k].set(g.data, o * g.data.length));
  }
  let maxAbsError = 0;
  let worst: GradcheckReport['worst'] = null;
  let worstExcess = -Infinity;
  let checked = 0;
  let ok = true;
  checkedInputs.forEach(({ t, i }, k) => {
    const n = t.data.length;
    for (let j = 0; j < n; j++) {
      const saved = t.data[j];
      t.data[j] = saved + eps;
      const plus = noGrad(() => fn(...inputs)).data.slice();
      t.data[j] = saved - eps;
      const minus = noGrad(() => fn(...inputs)).data;
      t.data[j] = saved;
      for (let o = 0; o < nOut; o++) {
        const numeric = (plus[o] - minus[o]) / (2 * eps);
        const a = analytic[k][o * n + j];
        const err = Math.abs(a - numeric);
        const tolerance = atol + rtol * Math.abs(numeric);
        checked++;
        if (!(err <= tolerance)) ok = false;
        if (err > maxAbsError || Number.isNaN(err)) maxAbsError = Number.isNaN(err) ? NaN : err;
        const excess = Number.isNaN(err) ? Infinity : err - tolerance;
        if (excess > worstExcess) {
          worstExcess = excess;
          worst = { input: i, index: j, output: o, analytic: a, numeric, tolerance };
        }
      }
    }
  });
  return { ok, maxAbsError, worst, checked };
}

function positive(x: number, name: string): number {
  if (typeof x !== 'number' || !(x > 0) || !Number.isFinite(x)) {
    throw new RangeError(`invalid argument. ${name} must be a positive finite number. Value: \`${String(x)}\`.`);
  }
  return x;
}

function nonNegative(x: number, name: string): number {
  if (typeof x !== 'number' || !(x >= 0) || !Number.isFinite(x)) {
    throw new RangeError(`invalid argument. ${name} must be a non-negative finite number. Value: \`${String(x)}\`.`);
  }
  return x;
}
