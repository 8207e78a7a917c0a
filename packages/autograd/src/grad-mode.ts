/**
 * Gradient recording on or off, like PyTorch's `torch.no_grad()`.
 *
 * One process-wide flag: ops record a graph only while it is on. The optimizer step runs with it
 * off, so that `w.sub_(…)` is a plain update and not a new node of the graph.
 */

let enabled = true;

/**
 * Whether ops currently record the graph.
 *
 * @example
 * import { isGradEnabled, noGrad } from '@gradstream/autograd';
 * console.log(isGradEnabled(), noGrad(() => isGradEnabled())); // true false
 */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Runs `fn` with gradient recording off and returns its result (PyTorch's `with torch.no_grad():`).
 * Tensors computed inside do not require grad, and in-place updates of parameters are allowed.
 * Synchronous only: work after an `await` inside `fn` runs with recording back on.
 *
 * @param fn - the work to run without recording
 * @returns what `fn` returns
 *
 * @example
 * import { noGrad, tensor } from '@gradstream/autograd';
 * const w = tensor([1, 2], { requiresGrad: true });
 * w.mul(3).sum().backward();
 * noGrad(() => { w.sub_(w.grad!.mul(0.1)); w.grad!.zero_(); });
 * console.log(w.toArray()); // [0.7, 1.7]
 */
export function noGrad<T>(fn: () => T): T {
  if (typeof fn !== 'function') {
    throw new TypeError(`invalid argument. noGrad expects a function to run without gradient recording. Value: \`${String(fn)}\`.`);
  }
  const previous = enabled;
  enabled = false;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}
