/**
 * The optimizer's update of one step, parameter by parameter, in `torch.optim`'s terms: the mean
 * gradient g, the optimizer's state before and after (momentum's buffer; Adam's m, v and their bias
 * corrections), and the change the run applied. It is read off the optimizer's real state around the
 * step, not recomputed, so `change` is `after − before` of the trajectory itself.
 */
import type { ParamUpdate, UpdateExplanation } from '@gradstream/events';
import type { OptimizerState } from './optimizers.js';

/**
 * @param names - one name per entry of the parameter vector (`w₁`, `w₂`, `b`)
 * @param gSum - ∂Σl/∂p of the step's batch
 *
 * @example
 * import { createOptimizer, explainUpdate } from '@gradstream/trainer';
 * const opt = createOptimizer('momentum', 1);
 * const p = new Float64Array([1]);
 * const before = opt.state();
 * opt.step(p, new Float64Array([4]), 0.1, 2);
 * const u = explainUpdate(['w'], Float64Array.of(1), p, new Float64Array([4]), 2, before, opt.state());
 * console.log(u.params[0]); // { name: 'w', grad: 2, before: 1, after: 0.8, change: -0.2, velocity: { before: 0, after: 2 } }
 */
export function explainUpdate(
  names: readonly string[],
  before: Float64Array,
  after: Float64Array,
  gSum: Float64Array,
  size: number,
  stateBefore: OptimizerState,
  stateAfter: OptimizerState,
): UpdateExplanation {
  const c = stateAfter.config;
  const t = stateAfter.t;
  const params = names.map((name, i): ParamUpdate => {
    const row: ParamUpdate = { name, grad: gSum[i] / size, before: before[i], after: after[i], change: after[i] - before[i] };
    if (c.name === 'momentum') row.velocity = { before: stateBefore.m?.[i] ?? 0, after: stateAfter.m![i] };
    if (c.name === 'adam') {
      row.m = { before: stateBefore.m?.[i] ?? 0, after: stateAfter.m![i] };
      row.v = { before: stateBefore.v?.[i] ?? 0, after: stateAfter.v![i] };
      row.mHat = stateAfter.m![i] / (1 - c.beta1 ** t);
      row.vHat = stateAfter.v![i] / (1 - c.beta2 ** t);
    }
    return row;
  });
  return { optimizer: { ...c }, t, params };
}
