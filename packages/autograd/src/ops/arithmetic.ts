/**
 * add, sub, mul, div with broadcasting of scalars, rows and columns.
 *
 * Each op is one rule: its forward `f(x, y)` and, beside it, the local derivatives multiplied by the
 * upstream gradient g. Broadcasting is where the lesson's bias lives: `X·w + b` adds one b to every
 * row, so in backward every row sends its g back to the same b and the contributions add up:
 * the backward of a broadcast is a sum (∂l/∂b = Σ g).
 */
import { asTensor, gradBuffer, makeResult, type Tensor, type TensorLike } from '../tensor.js';
import { broadcastShape, cols, rows, type Shape } from '../shape.js';

/** One elementwise binary op: forward and the two local chain-rule terms. */
export interface BinaryRule {
  op: string;
  f: (x: number, y: number) => number;
  /** g · ∂f/∂x */
  da: (g: number, x: number, y: number) => number;
  /** g · ∂f/∂y */
  db: (g: number, x: number, y: number) => number;
}

export const ADD: BinaryRule = {
  op: 'add',
  f: (x, y) => x + y,
  da: (g) => g, // ∂(x + y)/∂x = 1
  db: (g) => g, // ∂(x + y)/∂y = 1
};

export const SUB: BinaryRule = {
  op: 'sub',
  f: (x, y) => x - y,
  da: (g) => g, // ∂(x − y)/∂x = 1
  db: (g) => -g, // ∂(x − y)/∂y = −1
};

export const MUL: BinaryRule = {
  op: 'mul',
  f: (x, y) => x * y,
  da: (g, _x, y) => g * y, // ∂(x·y)/∂x = y
  db: (g, x) => g * x, // ∂(x·y)/∂y = x
};

export const DIV: BinaryRule = {
  op: 'div',
  f: (x, y) => x / y,
  da: (g, _x, y) => g / y, // ∂(x/y)/∂x = 1/y
  db: (g, x, y) => (-g * x) / (y * y), // ∂(x/y)/∂y = −x/y²
};

/**
 * Elementwise `a + b` with broadcasting.
 *
 * @example
 * import { tensor } from '@gradstream/autograd';
 * const b = tensor(0.5, { requiresGrad: true });
 * tensor([[1], [2], [3]]).add(b).sum().backward();
 * console.log(b.grad!.item()); // 3: the broadcast b received one g from each of the 3 rows
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binary(ADD, a, b);
}
/** Elementwise `a − b` with broadcasting. @example tensor([3, 4]).sub(1).toArray(); // [2, 3] */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binary(SUB, a, b);
}
/** Elementwise `a · b` with broadcasting. @example tensor([3, 4]).mul(tensor([2, 0.5])).toArray(); // [6, 2] */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binary(MUL, a, b);
}
/** Elementwise `a / b` with broadcasting. @example tensor([3, 4]).div(2).toArray(); // [1.5, 2] */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binary(DIV, a, b);
}

/**
 * Runs one rule over two broadcast operands. Each operand is read through strides that are 0 along
 * its broadcast dimensions, so the same index arithmetic serves same-shape, scalar, row and column
 * cases; in backward the repeated index makes `+=` do the broadcast's sum.
 */
export function binary(rule: BinaryRule, aLike: TensorLike, bLike: TensorLike): Tensor {
  const a = asTensor(aLike, rule.op, 'left');
  const b = asTensor(bLike, rule.op, 'right');
  const shape = broadcastShape(a.shape, b.shape, rule.op);
  const R = rows(shape);
  const C = cols(shape);
  const as = strides(a.shape);
  const bs = strides(b.shape);
  const A = a.data;
  const B = b.data;
  const f = rule.f;
  const out = new Float64Array(R * C);
  for (let i = 0, k = 0; i < R; i++) {
    const ra = i * as.row;
    const rb = i * bs.row;
    for (let j = 0; j < C; j++, k++) out[k] = f(A[ra + j * as.col], B[rb + j * bs.col]);
  }
  const t = makeResult(out, shape, rule.op, a, b);
  if (t.requiresGrad) {
    t._backward = (g) => {
      const ga = a.requiresGrad ? gradBuffer(a) : null;
      const gb = b.requiresGrad ? gradBuffer(b) : null;
      const da = rule.da;
      const db = rule.db;
      for (let i = 0, k = 0; i < R; i++) {
        const ra = i * as.row;
        const rb = i * bs.row;
        for (let j = 0; j < C; j++, k++) {
          const ia = ra + j * as.col;
          const ib = rb + j * bs.col;
          if (ga !== null) ga[ia] += da(g[k], A[ia], B[ib]);
          if (gb !== null) gb[ib] += db(g[k], A[ia], B[ib]);
        }
      }
    };
  }
  return t;
}

/** Row and column strides of an operand inside the broadcast result (0 where it is repeated). */
function strides(shape: Shape): { row: number; col: number } {
  const c = cols(shape);
  return { row: rows(shape) === 1 ? 0 : c, col: c === 1 ? 0 : 1 };
}
