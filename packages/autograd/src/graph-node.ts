/**
 * The part of a tensor that only backward() and the explainers read: its place in the graph (parents,
 * backward rule), PyTorch's version counter for in-place checks, and the per-pass gradient buffer.
 * Kept apart from Tensor so that the user-facing class reads as the PyTorch API it mirrors.
 */
import type { BackwardFn, OpMeta, Tensor } from './tensor.js';

const NO_PARENTS: readonly Tensor[] = Object.freeze([]);
let nextId = 1;

/** @internal */
export abstract class GraphNode {
  /** @internal Unique id within the process, used by the graph export. */
  readonly id: number = nextId++;
  /** @internal Inputs of the op that made this tensor (only kept when it requires grad). */
  _parents: readonly Tensor[] = NO_PARENTS;
  /** @internal Backward rule of that op, or null for leaves. */
  _backward: BackwardFn | null = null;
  /** @internal Set by a backward() without retainGraph: the graph may not be walked again. */
  _freed = false;
  /**
   * @internal The op's backward reads saved input values (matmul, mul, div, pow, relu). As in PyTorch,
   * only such nodes refuse a second backward through a freed graph; add, sub, sum … keep working.
   */
  _saves = false;
  /** @internal retainGrad() was called. */
  _retain = false;
  /** @internal Bumped by every in-place op on this storage (PyTorch's version counter); read it through `_base`. */
  _version = 0;
  /** @internal The tensor that owns the data: itself, or for a view (reshape, view, detach) the tensor it views, so that views share one version counter, as in PyTorch. */
  _base: Tensor = this as unknown as Tensor;
  /** @internal The versions of the (at most two) inputs when this node was made; a change means an input was modified in place. */
  _savedA = 0;
  /** @internal See `_savedA`: the second input. */
  _savedB = 0;
  /** @internal Gradient buffer during one backward pass. */
  _g: Float64Array | null = null;
  /** @internal Visit mark of the topological sort. */
  _mark = 0;
  /** @internal Op parameters for the explainer. */
  _meta: OpMeta | undefined = undefined;
  /** @internal The number a constant was made from (`.div(2)` makes the constant 2). */
  _const: number | undefined = undefined;
}
