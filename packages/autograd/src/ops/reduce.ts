/**
 * sum and mean, over all elements or along one axis.
 *
 * Backward of a sum copies the upstream gradient to every element that was summed (each one
 * contributed with weight 1); a mean does the same divided by the count.
 */
import { formatShape, type Shape } from '../shape.js';
import { checkTensor, gradBuffer, makeResult } from '../op-node.js';
import type { Tensor } from '../tensor.js';
import { alloc } from '../alloc.js';

/**
 * Sum of all elements (a scalar), or along `axis` (0: down the rows, 1: across the columns;
 * negative counts from the end). `keepdim` keeps the reduced axis with size 1.
 *
 * @example
 * import { tensor } from '@gradstream/autograd';
 * const m = tensor([[1, 2], [3, 4]]);
 * console.log(m.sum().item(), m.sum(0).toArray(), m.sum(1).toArray()); // 10 [4, 6] [3, 7]
 */
export function sum(a: Tensor, axis?: number, keepdim = false): Tensor {
  return reduce(a, axis, keepdim, 'sum');
}

/**
 * Mean of all elements, or along `axis`.
 * @example
 * import { tensor } from '@gradstream/autograd';
 * console.log(tensor([[1, 2], [3, 4]]).mean(1).toArray()); // [1.5, 3.5]
 */
export function mean(a: Tensor, axis?: number, keepdim = false): Tensor {
  return reduce(a, axis, keepdim, 'mean');
}

const SCALAR: Shape = Object.freeze([]);

function reduce(a: Tensor, axisArg: number | undefined, keepdim: boolean, op: 'sum' | 'mean'): Tensor {
  checkTensor(a, 'a');
  const A = a.data;
  const n = A.length;
  if (axisArg === undefined) {
    let s = 0;
    for (let i = 0; i < n; i++) s += A[i];
    const scale = op === 'mean' ? 1 / n : 1;
    const shape: Shape = keepdim ? a.shape.map(() => 1) : SCALAR;
    const out = alloc(1);
    out[0] = s * scale;
    const t = makeResult(out, shape, op, a);
    if (t.requiresGrad) {
      t._meta = { keepdim };
      t._backward = (g) => {
        const ga = gradBuffer(a); // ∂(Σ a)/∂aᵢ = 1 for every i
        const gi = g[0] * scale;
        for (let i = 0; i < n; i++) ga[i] += gi;
      };
    }
    return t;
  }
  const axis = normalizeAxis(a.shape, axisArg, op);
  // View any tensor as R×C and reduce over rows (axis 0 of a matrix or the only axis of a vector) or columns.
  const R = a.shape.length === 2 ? a.shape[0] : 1;
  const C = a.shape.length === 0 ? 1 : a.shape[a.shape.length - 1];
  const overRows = a.shape.length === 2 && axis === 0;
  const count = a.shape.length === 0 ? 1 : a.shape[axis];
  const scale = op === 'mean' ? 1 / count : 1;
  const outLen = a.shape.length === 2 ? (overRows ? C : R) : 1;
  const out = alloc(outLen);
  for (let i = 0, k = 0; i < R; i++) for (let j = 0; j < C; j++, k++) out[overRows ? j : i] += A[k];
  if (scale !== 1) for (let i = 0; i < outLen; i++) out[i] *= scale;
  const shape = a.shape.filter((_, d) => d !== axis);
  const t = makeResult(out, keepdim ? a.shape.map((s, d) => (d === axis ? 1 : s)) : shape, op, a);
  if (t.requiresGrad) {
    t._meta = { axis, keepdim };
    t._backward = (g) => {
      const ga = gradBuffer(a);
      for (let i = 0, k = 0; i < R; i++) for (let j = 0; j < C; j++, k++) ga[k] += g[overRows ? j : i] * scale;
    };
  }
  return t;
}

function normalizeAxis(shape: Shape, axis: number, op: string): number {
  const rank = Math.max(shape.length, 1);
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new RangeError(
      `invalid argument. ${op} axis must be an integer in [${-rank}, ${rank - 1}] for a tensor of shape ${formatShape(shape)}. Value: \`${String(axis)}\`.`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}
