/**
 * A read-only backward pass for the explainer and the graph export: ∂root/∂node for every node,
 * and what each op's rule sent to each of its inputs. `.grad` is never read or written.
 *
 * It may walk a graph that backward() already freed: the freeing rule guards against using saved
 * values twice for *training*; an explanation only reads them. It still refuses a graph whose saved
 * inputs were changed in place (after the optimizer step the numbers would no longer belong to it).
 */
import { changedInput, topologicalOrder } from '../backward.js';
import { formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { who } from '../describe.js';

export interface Replay {
  /** Nodes that require grad, inputs first, root last. */
  order: Tensor[];
  /** ∂root/∂node for every node in `order`. */
  grads: Map<Tensor, Float64Array>;
  /** For each op node: what its backward rule added into each distinct input (requiring grad). */
  sent: Map<Tensor, Map<Tensor, Float64Array>>;
}

/** @internal */
export function replay(root: Tensor, caller: string): Replay {
  if (!(root instanceof Tensor)) throw new TypeError(`invalid argument. ${caller} needs a Tensor. Value: \`${String(root)}\`.`);
  if (!root.requiresGrad) {
    throw new Error(
      `invalid argument. ${caller} needs a tensor that requires grad, so that there is a graph to explain (${who(root)}). Create the parameters with { requiresGrad: true } and compute the loss outside noGrad().`,
    );
  }
  if (root.data.length !== 1) {
    throw new Error(
      `invalid argument. ${caller} needs a scalar (one-element) loss, like backward() without a gradient argument. Value: shape \`${formatShape(root.shape)}\`. Pass l.sum(), as d2l does before backward().`,
    );
  }
  const order = topologicalOrder([root]);
  for (const node of order) {
    if (node.isLeaf) continue;
    const changed = changedInput(node);
    if (changed !== null) {
      throw new Error(
        `invalid invocation. ${caller} needs the values of the forward pass, but an input was modified in place since then (${who(changed)}, used by ${node.op}). Call ${caller} before the optimizer step, or run the forward pass again.`,
      );
    }
  }
  const grads = new Map<Tensor, Float64Array>();
  const sent = new Map<Tensor, Map<Tensor, Float64Array>>();
  try {
    for (const node of order) node._g = null;
    root._g = new Float64Array(1).fill(1);
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i];
      const g = node._g ?? new Float64Array(node.data.length);
      grads.set(node, g.slice());
      if (node._backward === null) continue;
      const inputs = [...new Set(node._parents.filter((p) => p.requiresGrad))];
      const before = inputs.map((p) => (p._g === null ? null : p._g.slice()));
      node._backward(g);
      const perInput = new Map<Tensor, Float64Array>();
      inputs.forEach((p, k) => {
        const after = p._g ?? new Float64Array(p.data.length);
        const b = before[k];
        perInput.set(p, b === null ? after.slice() : after.map((x, j) => x - b[j]));
      });
      sent.set(node, perInput);
    }
  } finally {
    for (const node of order) node._g = null;
  }
  return { order, grads, sent };
}
