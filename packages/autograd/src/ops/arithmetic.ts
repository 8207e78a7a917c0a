/**
 * add, sub, mul, div with broadcasting of scalars, rows and columns.
 *
 * Each op writes its forward loop and, right beside it, its backward loop: the local derivative
 * times the upstream gradient g, added (+=) into the inputs' gradient buffers. The loops are spelled
 * out per op rather than shared through callbacks: it reads like the math, and it keeps the lesson's
 * step fast (a per-element indirect call costs more than the arithmetic).
 *
 * Broadcasting is where the lesson's bias lives: `X·w + b` adds one b to every row, so in backward
 * every row sends its g back to the same b and the contributions add up: the backward of a broadcast
 * is a sum (∂l/∂b = Σ g). Each operand is read through strides that are 0 along the dimensions where
 * it is repeated, so the same index arithmetic serves same-shape, scalar, row and column cases, and
 * in backward the repeated index makes `+=` perform that sum.
 */
import { alloc } from '../alloc.js';
import { broadcastShape, cols, numel, rows, sameShape, type Shape } from '../shape.js';
import { asTensor, gradBuffer, makeResult } from '../op-node.js';
import type { Tensor, TensorLike } from '../tensor.js';

/**
 * Elementwise `a + b` with broadcasting.
 *
 * @example
 * import { tensor } from '@gradstream/autograd';
 * const b = tensor(0.5, { requiresGrad: true });
 * tensor([[1], [2], [3]]).add(b).sum().backward();
 * console.log(b.grad!.item()); // 3: the broadcast b received one g from each of the 3 rows
 */
export function add(aLike: TensorLike, bLike: TensorLike): Tensor {
  const p = plan(aLike, bLike, 'add');
  const { a, b, A, B, R, C, aRow, aCol, bRow, bCol } = p;
  const out = alloc(R * C);
  for (let i = 0, k = 0; i < R; i++) for (let j = 0; j < C; j++, k++) out[k] = A[i * aRow + j * aCol] + B[i * bRow + j * bCol];
  const t = makeResult(out, p.shape, 'add', a, b);
  if (t.requiresGrad) {
    t._backward = (g) => {
      // only the plan is captured, so the closure's context stays one slot
      const { a, b, R, C, aRow, aCol, bRow, bCol } = p;
      // ∂(a + b)/∂a = 1, ∂(a + b)/∂b = 1
      if (a.requiresGrad) sumInto(gradBuffer(a), g, 1, R, C, aRow, aCol);
      if (b.requiresGrad) sumInto(gradBuffer(b), g, 1, R, C, bRow, bCol);
    };
  }
  return t;
}

/**
 * Elementwise `a − b` with broadcasting.
 * @example
 * import { tensor } from '@gradstream/autograd';
 * console.log(tensor([3, 4]).sub(1).toArray()); // [2, 3]
 */
export function sub(aLike: TensorLike, bLike: TensorLike): Tensor {
  const p = plan(aLike, bLike, 'sub');
  const { a, b, A, B, R, C, aRow, aCol, bRow, bCol } = p;
  const out = alloc(R * C);
  for (let i = 0, k = 0; i < R; i++) for (let j = 0; j < C; j++, k++) out[k] = A[i * aRow + j * aCol] - B[i * bRow + j * bCol];
  const t = makeResult(out, p.shape, 'sub', a, b);
  if (t.requiresGrad) {
    t._backward = (g) => {
      // only the plan is captured, so the closure's context stays one slot
      const { a, b, R, C, aRow, aCol, bRow, bCol } = p;
      // ∂(a − b)/∂a = 1, ∂(a − b)/∂b = −1
      if (a.requiresGrad) sumInto(gradBuffer(a), g, 1, R, C, aRow, aCol);
      if (b.requiresGrad) sumInto(gradBuffer(b), g, -1, R, C, bRow, bCol);
    };
  }
  return t;
}

/**
 * Elementwise `a · b` with broadcasting.
 * @example
 * import { tensor } from '@gradstream/autograd';
 * console.log(tensor([3, 4]).mul(tensor([2, 0.5])).toArray()); // [6, 2]
 */
export function mul(aLike: TensorLike, bLike: TensorLike): Tensor {
  const p = plan(aLike, bLike, 'mul');
  const { a, b, A, B, R, C, aRow, aCol, bRow, bCol } = p;
  const out = alloc(R * C);
  for (let i = 0, k = 0; i < R; i++) for (let j = 0; j < C; j++, k++) out[k] = A[i * aRow + j * aCol] * B[i * bRow + j * bCol];
  const t = makeResult(out, p.shape, 'mul', a, b);
  if (t.requiresGrad) {
    t._saves = a._const === undefined && b._const === undefined; // a number factor is kept, like PyTorch's Scalar
    t._backward = (g) => {
      // only the plan is captured, so the closure's context stays one slot
      const { a, b, A, B, R, C, aRow, aCol, bRow, bCol } = p;
      // ∂(a·b)/∂a = b, ∂(a·b)/∂b = a
      if (a.requiresGrad) {
        const ga = gradBuffer(a);
        for (let i = 0, k = 0; i < R; i++) for (let j = 0; j < C; j++, k++) ga[i * aRow + j * aCol] += g[k] * B[i * bRow + j * bCol];
      }
      if (b.requiresGrad) {
        const gb = gradBuffer(b);
        for (let i = 0, k = 0; i < R; i++) for (let j = 0; j < C; j++, k++) gb[i * bRow + j * bCol] += g[k] * A[i * aRow + j * aCol];
      }
    };
  }
  return t;
}

/**
 * Elementwise `a / b` with broadcasting.
 * @example
 * import { tensor } from '@gradstream/autograd';
 * console.log(tensor([3, 4]).div(2).toArray()); // [1.5, 2]
 */
export function div(aLike: TensorLike, bLike: TensorLike): Tensor {
  const p = plan(aLike, bLike, 'div');
  const { a, b, A, B, R, C, aRow, aCol, bRow, bCol } = p;
  const out = alloc(R * C);
  for (let i = 0, k = 0; i < R; i++) for (let j = 0; j < C; j++, k++) out[k] = A[i * aRow + j * aCol] / B[i * bRow + j * bCol];
  const t = makeResult(out, p.shape, 'div', a, b);
  if (t.requiresGrad) {
    t._saves = b._const === undefined; // dividing by a number needs only that number
    t._backward = (g) => {
      // only the plan is captured, so the closure's context stays one slot
      const { a, b, A, B, R, C, aRow, aCol, bRow, bCol } = p;
      // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b²
      if (a.requiresGrad) {
        const ga = gradBuffer(a);
        for (let i = 0, k = 0; i < R; i++) for (let j = 0; j < C; j++, k++) ga[i * aRow + j * aCol] += g[k] / B[i * bRow + j * bCol];
      }
      if (b.requiresGrad) {
        const gb = gradBuffer(b);
        for (let i = 0, k = 0; i < R; i++) {
          for (let j = 0; j < C; j++, k++) {
            const y = B[i * bRow + j * bCol];
            gb[i * bRow + j * bCol] -= (g[k] * A[i * aRow + j * aCol]) / (y * y);
          }
        }
      }
    };
  }
  return t;
}

/** Operands, the R×C result, and each operand's row/column strides inside it (0 where repeated). */
interface Plan {
  a: Tensor;
  b: Tensor;
  A: Float64Array;
  B: Float64Array;
  shape: Shape;
  R: number;
  C: number;
  aRow: number;
  aCol: number;
  bRow: number;
  bCol: number;
}

function plan(aLike: TensorLike, bLike: TensorLike, op: string): Plan {
  const a = asTensor(aLike, 'a');
  const b = asTensor(bLike, 'b');
  const shape = resultShape(a.shape, b.shape, op);
  return {
    a,
    b,
    A: a.data,
    B: b.data,
    shape,
    R: rows(shape),
    C: cols(shape),
    aRow: rows(a.shape) === 1 ? 0 : cols(a.shape),
    aCol: cols(a.shape) === 1 ? 0 : 1,
    bRow: rows(b.shape) === 1 ? 0 : cols(b.shape),
    bCol: cols(b.shape) === 1 ? 0 : 1,
  };
}

/** The broadcast shape, without allocating in the common cases (same shape, or a scalar-like other side). */
function resultShape(a: Shape, b: Shape, op: string): Shape {
  if (a === b || (b.length <= a.length && numel(b) === 1) || sameShape(a, b)) return a;
  if (a.length <= b.length && numel(a) === 1) return b;
  return broadcastShape(a, b, op);
}

/**
 * Adds `sign·g` (R×C) into an operand's gradient through its broadcast strides: where the operand was
 * broadcast (stride 0), the positions it was copied to sum into one entry. That sum is the backward of
 * a broadcast, e.g. ∂l/∂b = Σ g for the bias in `X·w + b`.
 */
function sumInto(grad: Float64Array, g: Float64Array, sign: 1 | -1, R: number, C: number, row: number, col: number): void {
  for (let i = 0, k = 0; i < R; i++) for (let j = 0; j < C; j++, k++) grad[i * row + j * col] += sign * g[k];
}
