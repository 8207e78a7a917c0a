/**
 * The L2 penalty (weight decay written into the loss, as d2l 3.7 and micrograd's demo do).
 * Composed of pow and sum, so its gradient, 2p for every parameter p, needs no backward of its own.
 */
import { Tensor } from '../tensor.js';
import { add } from './arithmetic.js';
import { pow } from './unary.js';
import { sum } from './reduce.js';

/**
 * `Σ over tensors Σ p²`, a scalar. Multiply it by the strength yourself: `loss.add(l2(params).mul(1e-4))`.
 * (d2l's `l2_penalty` is half of this; micrograd's `alpha * sum(p*p)` is exactly this times alpha.)
 *
 * @param params - a nonempty array of Tensors (usually the model's parameters)
 * @returns a scalar tensor (shape `[]`)
 *
 * @example
 * import { l2, tensor } from '@gradstream/autograd';
 * const W = tensor([[1, -2]], { requiresGrad: true });
 * const b = tensor([3], { requiresGrad: true });
 * const penalty = l2([W, b]);
 * penalty.backward();
 * console.log(penalty.item(), W.grad!.toArray(), b.grad!.toArray()); // 14 [[2, -4]] [6]
 */
export function l2(params: readonly Tensor[]): Tensor {
  if (!Array.isArray(params) || params.length === 0) {
    throw new TypeError(`invalid argument. params must be a nonempty array of Tensors. Value: \`${String(params)}\`.`);
  }
  let total: Tensor | undefined;
  for (let i = 0; i < params.length; i++) {
    const p: unknown = params[i];
    if (!(p instanceof Tensor)) throw new TypeError(`invalid argument. params[${i}] must be a Tensor. Value: \`${String(p)}\`.`);
    const term = sum(pow(p, 2));
    total = total === undefined ? term : add(total, term);
  }
  return total!;
}
