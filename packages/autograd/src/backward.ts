/**
 * The backward pass: topological order, then the chain rule from the output back to the leaves.
 *
 * Iterative on purpose: a depth-first search with an explicit stack, so a chain of 100,000 ops
 * does not overflow the call stack. Every node's gradient buffer is complete before its own rule
 * runs, because all of its consumers come later in topological order and run first.
 *
 * PyTorch's rules, checked before any gradient is touched (a failed call leaves `.grad` as it was):
 * - without a gradient argument, the output must hold one element;
 * - a graph freed by an earlier backward() (no retainGraph) cannot be walked again through an op
 *   that saved tensors for its backward (matmul, pow …);
 * - an input saved by an op must not have been modified in place since the forward pass.
 */
import { formatShape, sameShape } from './shape.js';
import { Tensor } from './tensor.js';
import { describe, who } from './describe.js';
import { release, scratch } from './alloc.js';

let pass = 0;
const NONE: (Float64Array | null)[] = [];
// Reused between passes (a pass never starts another one), so a backward() allocates no search arrays.
const stack: Tensor[] = [];
const next: number[] = [];

/**
 * Nodes that require grad and lead to `roots`, inputs before the ops that use them
 * (so the roots come last). Iterative depth-first search with an explicit stack.
 * @internal
 */
export function topologicalOrder(roots: readonly Tensor[]): Tensor[] {
  const order: Tensor[] = [];
  for (let r = 0; r < roots.length; r++) visit(roots[r], order, r === 0 ? ++pass : pass);
  return order;
}

/** Appends to `order` the not-yet-marked nodes under `root`, in post-order. */
function visit(root: Tensor, order: Tensor[], mark: number): void {
  if (!root.requiresGrad || root._mark === mark) return;
  root._mark = mark;
  // stack and next are empty here (every visit pops all it pushed); not resetting their length
  // keeps their backing stores, so the pushes below do not reallocate.
  stack.push(root);
  next.push(0);
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top];
    const i = next[top];
    const parents = node._parents;
    if (i < parents.length) {
      next[top] = i + 1;
      const p = parents[i];
      if (p.requiresGrad && p._mark !== mark) {
        p._mark = mark;
        stack.push(p);
        next.push(0);
      }
    } else {
      stack.pop();
      next.pop();
      order.push(node);
    }
  }
}

/**
 * Throws PyTorch's "modified by an in-place operation" error when an input of `node` changed
 * version since the forward pass (its backward would use the new values and give a wrong gradient).
 * @internal
 */
export function checkVersions(node: Tensor): void {
  const changed = changedInput(node);
  if (changed === null) return;
  throw new Error(
    `invalid invocation. A tensor needed for gradient computation has been modified by an in-place operation since the forward pass (${who(changed)}, used by ${node.op}). Its backward would use the new values and give a wrong gradient. Call backward() before updating the tensor, or run the forward pass again after the update.`,
  );
}

/** The first input of `node` whose version moved since the forward pass, or null. @internal */
export function changedInput(node: Tensor): Tensor | null {
  const ps = node._parents;
  if (ps.length > 0 && ps[0]._base._version !== node._savedA) return ps[0];
  if (ps.length > 1 && ps[1]._base._version !== node._savedB) return ps[1];
  return null;
}

/**
 * Runs one backward pass from `roots` seeded with `seeds` (undefined = ones for a one-element root).
 * With `targets` null, gradients of leaves (and of retainGrad() nodes) are added into `.grad`;
 * otherwise `.grad` is left alone and the gradients of `targets` are returned (null when unreached).
 * @internal
 */
export function runBackward(
  roots: readonly Tensor[],
  seeds: readonly (Tensor | undefined)[],
  retainGraph: boolean,
  targets: readonly Tensor[] | null,
): (Float64Array | null)[] {
  for (let r = 0; r < roots.length; r++) checkRoot(roots[r], seeds[r], r, roots.length);
  const order = topologicalOrder(roots);
  // From the output backwards, so a freed graph is reported at the node backward() would reach first.
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    if (node.isLeaf) continue;
    if (node._freed && node._saves) throw freedError(node);
    checkVersions(node);
  }
  const found: (Float64Array | null)[] = targets === null ? NONE : targets.map(() => null);
  try {
    for (let r = 0; r < roots.length; r++) {
      const root = roots[r];
      const seed = seeds[r];
      const g = root._g ?? (root._g = scratch(root.data.length));
      if (seed === undefined) g[0] += 1;
      else for (let i = 0; i < g.length; i++) g[i] += seed.data[i];
    }
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i];
      const g = node._g;
      if (g === null) continue;
      const leaf = node.isLeaf;
      if (!leaf) {
        node._backward!(g);
        if (!retainGraph) node._freed = true;
      }
      let kept = false;
      if (targets === null) {
        if (leaf || node._retain) kept = deliver(node, g);
      } else {
        const at = targets.indexOf(node);
        if (at !== -1) {
          found[at] = g;
          kept = true;
        }
      }
      node._g = null;
      if (!kept) release(g); // no one can see this buffer any more
    }
  } catch (err) {
    // A rule threw (it should not): leave no half-filled buffers behind for the next pass.
    for (let i = 0; i < order.length; i++) order[i]._g = null;
    throw err;
  }
  return found;
}

/**
 * Adds a finished gradient into `.grad`. The first one adopts the buffer as is (returns true: the
 * buffer is kept); later ones are added in place, so a `.grad` the user holds sees the sum.
 */
function deliver(node: Tensor, g: Float64Array): boolean {
  if (node.grad === null) {
    node.grad = new Tensor(g, node.shape);
    return true;
  }
  const acc = node.grad.data;
  for (let i = 0; i < acc.length; i++) acc[i] += g[i];
  return false;
}

function checkRoot(root: Tensor, seed: Tensor | undefined, index: number, count: number): void {
  const which = count === 1 ? 'backward()' : `output ${index}`;
  if (!(root instanceof Tensor)) {
    throw new TypeError(`invalid argument. ${which} needs a Tensor to differentiate. Value: \`${String(root)}\`.`);
  }
  if (!root.requiresGrad) {
    throw new Error(
      `invalid invocation. ${which} was called on a tensor that does not require grad, so there is no graph to go back through${describe(root)}. Create the parameters with { requiresGrad: true } and compute the loss outside noGrad().`,
    );
  }
  if (seed === undefined) {
    if (root.data.length !== 1) {
      throw new Error(
        `invalid invocation. backward() needs a gradient argument unless the tensor is a scalar (one element); PyTorch says "grad can be implicitly created only for scalar outputs". Value: shape \`${formatShape(root.shape)}\`. Reduce it first, as d2l does with l.sum().backward(), or pass a gradient of the same shape: backward(ones(${JSON.stringify(root.shape)})).`,
      );
    }
    return;
  }
  if (!(seed instanceof Tensor) || !sameShape(seed.shape, root.shape)) {
    const got = seed instanceof Tensor ? formatShape(seed.shape) : String(seed);
    throw new RangeError(
      `invalid argument. gradient must be a Tensor with the shape of the tensor it is the gradient of (${formatShape(root.shape)}). Value: \`${got}\`.`,
    );
  }
}

function freedError(node: Tensor): Error {
  return new Error(
    `invalid invocation. Trying to backward through the graph a second time: the first backward() freed it (at ${node.op}, shape ${formatShape(node.shape)}). Pass { retainGraph: true } to the first backward() if you need to go through the graph again, or run the forward pass again to build a new graph.`,
  );
}
