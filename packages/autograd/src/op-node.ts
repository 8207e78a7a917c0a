/**
 * What every op uses around its own loops: its arguments checked and turned into tensors, its output
 * node (recorded in the graph only when needed), and the gradient buffers its backward adds into.
 */
import { scratch } from './alloc.js';
import { isGradEnabled } from './grad-mode.js';
import type { Shape } from './shape.js';
import { Tensor, type TensorLike } from './tensor.js';

const SCALAR_SHAPE: readonly number[] = Object.freeze([]);

/**
 * The output of an op: records the graph only when recording is on and an input requires grad.
 * The op then sets `_backward` on the returned node when `requiresGrad` is true.
 * @internal
 */
export function makeResult(data: Float64Array, shape: Shape, op: string, a: Tensor, b?: Tensor): Tensor {
  const needs = isGradEnabled() && (a.requiresGrad || (b !== undefined && b.requiresGrad));
  const t = new Tensor(data, shape, needs);
  if (needs) {
    t.op = op;
    t._parents = b === undefined ? [a] : [a, b];
    t._savedA = a._base._version;
    if (b !== undefined) t._savedB = b._base._version;
  }
  return t;
}

/** @internal The gradient buffer of `t` in the current backward pass, zero-filled on first use. */
export function gradBuffer(t: Tensor): Float64Array {
  let g = t._g;
  if (g === null) {
    g = scratch(t.data.length);
    t._g = g;
  }
  return g;
}

/** @internal A number as a constant scalar tensor; a tensor as itself; anything else: the house error naming `name`. */
export function asTensor(x: TensorLike, name: string): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') {
    const d = new Float64Array(1);
    d[0] = x;
    const t = new Tensor(d, SCALAR_SHAPE);
    t._const = x;
    return t;
  }
  throw new TypeError(`invalid argument. ${name} must be a Tensor or a number. Value: \`${String(x)}\`.`);
}

/**
 * @internal The first check of every exported op: its tensor argument is a Tensor. Without it,
 * `matmul(3, t)` failed deep inside with "Cannot read properties of undefined".
 */
export function checkTensor(x: unknown, name: string): Tensor {
  if (x instanceof Tensor) return x;
  throw new TypeError(`invalid argument. ${name} must be a Tensor. Value: \`${String(x)}\`.`);
}

