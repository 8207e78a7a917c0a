/**
 * Every tensor of a graph (data, constants and parameters included), inputs first. Iterative, like
 * the backward pass, so deep graphs do not overflow the stack.
 */
import type { Tensor } from '../tensor.js';

/** @internal */
export function allNodes(root: Tensor): Tensor[] {
  const seen = new Set<Tensor>([root]);
  const order: Tensor[] = [];
  const stack: Tensor[] = [root];
  const next: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top];
    const i = next[top];
    if (i < node._parents.length) {
      next[top] = i + 1;
      const p = node._parents[i];
      if (!seen.has(p)) {
        seen.add(p);
        stack.push(p);
        next.push(0);
      }
    } else {
      stack.pop();
      next.pop();
      order.push(node);
    }
  }
  return order;
}

/** The id a tensor has in explanations and graph exports: `n` and its process-wide number. @internal */
export function nodeId(t: Tensor): string {
  return `n${t.id}`;
}
