/**
 * Optimizers with `torch.optim` semantics on the mean loss of a batch.
 *
 * Parameters live in one Float64Array `p` of length d + 1: `w` (d entries) then `b`. Engines hand
 * the optimizer the gradient of the **summed** loss Σ(ŷ − y)²/2 (what d2l's `l.sum().backward()`
 * leaves in `.grad`) and the actual batch size; the optimizer divides by that size, so a short last
 * batch is averaged over its own rows, exactly as d2l's `sgd(params, lr, batch_size)` is meant to.
 *
 * - `sgd`: p ← p − lr·g/size (d2l; torch SGD on the mean loss).
 * - `momentum`: torch SGD with momentum μ, dampening 0: buf ← g (first step), then buf ← μ·buf + g; p ← p − lr·buf.
 * - `adam`: torch Adam: m ← lerp(m, g, 1 − β1); v ← β2·v + (1 − β2)·g²;
 *   p ← p − (lr / (1 − β1ᵗ))·m / (√v / √(1 − β2ᵗ) + ε).
 *
 * `step` allocates nothing: state buffers are created once for the parameter count.
 */
import type { OptimizerConfig } from '@gradstream/events';
import { checkInRange, checkPositive, invalidArgument } from '@gradstream/data';

/** Optimizer settings with every default filled in. */
export type ResolvedOptimizerConfig =
  | { name: 'sgd' }
  | { name: 'momentum'; momentum: number }
  | { name: 'adam'; beta1: number; beta2: number; eps: number };

/** Plain-JSON optimizer state, as stored in a checkpoint. */
export interface OptimizerState {
  config: ResolvedOptimizerConfig;
  /** Updates taken so far. */
  t: number;
  /** Momentum buffer (momentum), or first moment m (adam). */
  m?: number[];
  /** Second moment v (adam). */
  v?: number[];
}

export interface Optimizer {
  readonly config: ResolvedOptimizerConfig;
  /**
   * Updates `p` in place from `gSum`, the gradient of the summed loss over a batch of `size` rows.
   * @param p - parameters [w…, b] (length dim)
   * @param gSum - ∂Σl/∂p (length dim)
   */
  step(p: Float64Array, gSum: Float64Array, lr: number, size: number): void;
  /** A deep copy of the state as plain JSON. */
  state(): OptimizerState;
}

/**
 * Validates an optimizer setting and fills in the torch defaults.
 *
 * @example
 * import { resolveOptimizer } from '@gradstream/trainer';
 * console.log(resolveOptimizer('adam')); // { name: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8 }
 */
export function resolveOptimizer(config: OptimizerConfig | OptimizerConfig['name'] | undefined): ResolvedOptimizerConfig {
  const c = typeof config === 'string' ? { name: config } : config ?? { name: 'sgd' as const };
  if (typeof c !== 'object' || c === null) throw invalidArgument('optimizer', 'must be sgd, momentum, adam or an object with one of these names', config, TypeError);
  switch (c.name) {
    case 'sgd':
      return { name: 'sgd' };
    case 'momentum': {
      const m = (c as { momentum?: number }).momentum ?? 0.9;
      return { name: 'momentum', momentum: checkInRange('optimizer.momentum', m, 0, 1) };
    }
    case 'adam': {
      const a = c as { beta1?: number; beta2?: number; eps?: number };
      return {
        name: 'adam',
        beta1: checkInRange('optimizer.beta1', a.beta1 ?? 0.9, 0, 1),
        beta2: checkInRange('optimizer.beta2', a.beta2 ?? 0.999, 0, 1),
        eps: checkPositive('optimizer.eps', a.eps ?? 1e-8),
      };
    }
    default:
      throw invalidArgument('optimizer.name', 'must be one of sgd, momentum, adam', (c as { name?: unknown }).name);
  }
}

/**
 * Creates an optimizer for `dim` parameters, optionally continuing from a saved state.
 *
 * @example
 * import { createOptimizer } from '@gradstream/trainer';
 * const p = new Float64Array([1, 0]);                       // w = [1], b = 0
 * createOptimizer('sgd', 2).step(p, new Float64Array([4, 2]), 0.5, 2); // grad of the sum over 2 rows
 * console.log(p); // Float64Array [ 0, -0.5 ]
 */
export function createOptimizer(config: OptimizerConfig | OptimizerConfig['name'] | undefined, dim: number, state?: OptimizerState): Optimizer {
  const c = resolveOptimizer(state ? state.config : config);
  const m = new Float64Array(dim);
  const v = new Float64Array(dim);
  let t = 0;
  if (state) {
    t = state.t;
    if (state.m) m.set(state.m);
    if (state.v) v.set(state.v);
  }
  const snapshot = (): OptimizerState => {
    const s: OptimizerState = { config: { ...c }, t };
    if (c.name !== 'sgd') s.m = Array.from(m);
    if (c.name === 'adam') s.v = Array.from(v);
    return s;
  };
  switch (c.name) {
    case 'sgd':
      return {
        config: c,
        step(p, g, lr, size) {
          for (let i = 0; i < p.length; i++) p[i] -= (lr * g[i]) / size;
          t++;
        },
        state: snapshot,
      };
    case 'momentum': {
      const mu = c.momentum;
      return {
        config: c,
        step(p, g, lr, size) {
          // torch initialises the buffer with the first gradient itself (not μ·0 + g, which is equal anyway).
          for (let i = 0; i < p.length; i++) {
            const gi = g[i] / size;
            m[i] = t === 0 ? gi : mu * m[i] + gi;
            p[i] -= lr * m[i];
          }
          t++;
        },
        state: snapshot,
      };
    }
    case 'adam': {
      const { beta1, beta2, eps } = c;
      return {
        config: c,
        step(p, g, lr, size) {
          t++;
          const stepSize = lr / (1 - beta1 ** t);
          const bc2Sqrt = Math.sqrt(1 - beta2 ** t);
          for (let i = 0; i < p.length; i++) {
            const gi = g[i] / size;
            m[i] += (1 - beta1) * (gi - m[i]); // torch: exp_avg.lerp_(grad, 1 − β1)
            v[i] = v[i] * beta2 + (1 - beta2) * gi * gi;
            p[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / bc2Sqrt + eps);
          }
        },
        state: snapshot,
      };
    }
  }
}
