/**
 * Functional gradients, like `torch.autograd.grad`: returns ∂outputs/∂inputs without touching `.grad`.
 */
import { runBackward } from './backward.js';
import { Tensor } from './tensor.js';
import { who } from './describe.js';
import { alloc } from './alloc.js';

export interface GradOptions {
  /** Gradients of the outputs (needed for outputs with more than one element), one per output. */
  gradOutputs?: readonly Tensor[];
  /** Keep the graph for another backward() or grad() (default false: the graph is freed). */
  retainGraph?: boolean;
  /** Return zeros for inputs the outputs do not depend on instead of throwing (default false). */
  allowUnused?: boolean;
}

/**
 * The gradient of the sum of `outputs` with respect to each of `inputs`, as new tensors. Leaves'
 * `.grad` are not read or changed, so it can sit beside a training loop (or check one).
 *
 * @param outputs - a tensor or tensors to differentiate
 * @param inputs - tensors that require grad (leaves or intermediate results)
 * @param opts - gradOutputs, retainGraph, allowUnused
 * @returns one gradient per input, shaped like the input
 *
 * @example
 * import { grad, tensor } from '@gradstream/autograd';
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * const [dx] = grad(x.mul(x).sum(), [x]);
 * console.log(dx.toArray(), x.grad); // [2, 4, 6] null
 */
export function grad(outputs: Tensor | readonly Tensor[], inputs: readonly Tensor[], opts: GradOptions = {}): Tensor[] {
  const outs = Array.isArray(outputs) ? (outputs as readonly Tensor[]) : [outputs as Tensor];
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((t) => t instanceof Tensor)) {
    throw new TypeError(`invalid argument. inputs must be a non-empty array of Tensors. Value: \`${String(inputs)}\`.`);
  }
  const seeds = opts.gradOutputs;
  if (seeds !== undefined && seeds.length !== outs.length) {
    throw new RangeError(
      `invalid argument. gradOutputs must hold one gradient per output (${outs.length}). Value: \`${seeds.length} gradients\`.`,
    );
  }
  for (const [i, t] of inputs.entries()) {
    if (!t.requiresGrad) {
      throw new Error(
        `invalid argument. inputs[${i}] does not require grad (${who(t)}), so no gradient flows to it. Create it with { requiresGrad: true }.`,
      );
    }
  }
  const found = runBackward(outs, outs.map((_, i) => seeds?.[i]), opts.retainGraph === true, inputs);
  return inputs.map((t, i) => {
    const g = found[i];
    if (g !== null) return new Tensor(g, t.shape);
    if (opts.allowUnused === true) return new Tensor(alloc(t.data.length), t.shape);
    throw new Error(
      `invalid argument. inputs[${i}] was not used to compute the outputs (${who(t)}), so it has no gradient. Pass { allowUnused: true } to get zeros for it.`,
    );
  });
}
