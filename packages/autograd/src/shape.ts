/**
 * Shapes: element counts, broadcasting, and the text used in error messages.
 *
 * Tensors here have rank 0 (scalars), 1 (vectors) or 2 (row-major matrices). Broadcasting follows
 * NumPy/PyTorch: align trailing dimensions; each pair must be equal or contain a 1.
 */

export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar). */
export function numel(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** `[10, 1]`: how shapes appear in messages and explanations. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Rows and columns of a shape seen as a matrix: a scalar is 1×1, a vector of n is a 1×n row. */
export function rows(shape: Shape): number {
  return shape.length === 2 ? shape[0] : 1;
}
export function cols(shape: Shape): number {
  return shape.length === 0 ? 1 : shape[shape.length - 1];
}

/**
 * The broadcast shape of two operands, or a RangeError that names the op and both shapes.
 *
 * @example
 * import { broadcastShape } from './shape.js';
 * console.log(broadcastShape([10, 1], [], 'add')); // [10, 1]
 * console.log(broadcastShape([10, 2], [2], 'add')); // [10, 2]
 */
export function broadcastShape(a: Shape, b: Shape, op: string): number[] {
  if (sameShape(a, b)) return a.slice();
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 1; i <= rank; i++) {
    const x = i <= a.length ? a[a.length - i] : 1;
    const y = i <= b.length ? b[b.length - i] : 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new RangeError(
        `invalid arguments. ${op} needs shapes that broadcast: trailing dimensions must be equal or 1. Value: \`${formatShape(a)}\` and \`${formatShape(b)}\`.`,
      );
    }
    out[rank - i] = x === 1 ? y : x;
  }
  return out;
}
