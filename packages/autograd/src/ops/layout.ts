/**
 * reshape/view and transpose: the same numbers in another arrangement.
 */
import { formatShape, type Shape } from '../shape.js';
import { checkTensor, gradBuffer, makeResult } from '../op-node.js';
import type { Tensor } from '../tensor.js';
import { alloc, copyOf } from '../alloc.js';

/**
 * The same elements in a new shape (one entry may be -1 and is inferred). The data is shared, as
 * with PyTorch's view of a contiguous tensor. Backward hands the gradient back unchanged, in the
 * input's shape. A reshaped tensor keeps its name (`y.reshape([10, 1])` is still y).
 *
 * @example
 * import { tensor } from '@gradstream/autograd';
 * console.log(tensor([1, 2, 3, 4]).reshape([2, -1]).shape); // [2, 2]
 */
export function reshape(a: Tensor, shapeArg: readonly number[], op: 'reshape' | 'view' = 'reshape'): Tensor {
  checkTensor(a, 'a');
  const shape = resolveShape(a, shapeArg, op);
  const t = makeResult(a.data, shape, op, a);
  t._base = a._base; // a view: in-place changes through either one bump the same version
  if (a.name !== undefined) t.name = a.name;
  if (t.requiresGrad) {
    t._backward = (g) => {
      const ga = gradBuffer(a); // identity on the elements
      for (let i = 0; i < g.length; i++) ga[i] += g[i];
    };
  }
  return t;
}

/**
 * Matrix transpose (rows become columns); scalars and vectors pass through unchanged.
 * @example
 * import { tensor } from '@gradstream/autograd';
 * console.log(tensor([[1, 2, 3]]).T.toArray()); // [[1], [2], [3]]
 */
export function transpose(a: Tensor): Tensor {
  checkTensor(a, 'a');
  const A = a.data;
  let out: Float64Array;
  let shape: Shape;
  if (a.shape.length === 2) {
    const [r, c] = a.shape;
    out = alloc(A.length);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = A[i * c + j];
    shape = [c, r];
  } else {
    out = copyOf(A);
    shape = a.shape;
  }
  const t = makeResult(out, shape, 'transpose', a);
  if (t.requiresGrad) {
    t._backward = (g) => {
      const ga = gradBuffer(a); // the gradient of a transpose is the transposed gradient
      if (a.shape.length === 2) {
        const [r, c] = a.shape;
        for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) ga[i * c + j] += g[j * r + i];
      } else for (let i = 0; i < g.length; i++) ga[i] += g[i];
    };
  }
  return t;
}

function resolveShape(a: Tensor, shapeArg: readonly number[], op: string): readonly number[] {
  if (!Array.isArray(shapeArg) || shapeArg.length > 2) throw badShape(a, shapeArg, op, 'needs a shape of at most 2 dimensions');
  let inferred = -1;
  let known = 1;
  for (let d = 0; d < shapeArg.length; d++) {
    const s = shapeArg[d];
    if (s === -1 && inferred === -1) inferred = d;
    else if (!Number.isInteger(s) || s < 0) throw badShape(a, shapeArg, op, 'needs non-negative integer sizes and at most one -1');
    else known *= s;
  }
  if (inferred === -1) {
    if (known !== a.data.length) throw badShape(a, shapeArg, op, 'needs a shape with the same number of elements');
    return shapeArg.slice(); // a copy: the caller may reuse or change its array
  }
  if (known === 0 || a.data.length % known !== 0) throw badShape(a, shapeArg, op, 'cannot infer the -1 entry');
  const shape = shapeArg.slice();
  shape[inferred] = a.data.length / known;
  return shape;
}

function badShape(a: Tensor, shapeArg: readonly number[], op: string, rule: string): RangeError {
  const value = Array.isArray(shapeArg) ? formatShape(shapeArg) : String(shapeArg);
  return new RangeError(`invalid argument. ${op} ${rule} (tensor of shape ${formatShape(a.shape)}, ${a.data.length} elements). Value: \`${value}\`.`);
}
