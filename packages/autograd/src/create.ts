/**
 * Making tensors: `tensor(data, opts)`, `zeros(shape)`, `ones(shape)`.
 */
import { formatShape, numel } from './shape.js';
import { Tensor } from './tensor.js';
import { alloc, copyOf } from './alloc.js';

export interface TensorOptions {
  /** Shape of the data; required meaning for a flat Float64Array holding a matrix. */
  shape?: readonly number[];
  /** Record ops on this tensor so backward() reaches it (parameters: true; data: false, the default). */
  requiresGrad?: boolean;
  /** Shown by explain(), toGraphJson() and toDot(). */
  name?: string;
}

/**
 * A new leaf tensor holding a copy of `data` (like torch.tensor, which copies).
 *
 * @param data - a number (a scalar, shape []), an array (a vector), an array of equal-length rows
 *   (a matrix), or a row-major Float64Array (a vector unless `opts.shape` says otherwise)
 * @param opts - shape, requiresGrad, name
 *
 * @example
 * import { tensor } from '@gradstream/autograd';
 * const w = tensor([[0.1], [-0.2]], { requiresGrad: true, name: 'w' });
 * const X = tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] });
 * console.log(w.shape, X.shape, tensor(4.2).shape); // [2, 1] [2, 2] []
 */
export function tensor(data: number | readonly number[] | readonly (readonly number[])[] | Float64Array, opts: TensorOptions = {}): Tensor {
  let values: Float64Array;
  let shape: number[];
  if (typeof data === 'number') {
    values = new Float64Array([data]);
    shape = [];
  } else if (data instanceof Float64Array) {
    values = copyOf(data);
    shape = [data.length];
  } else if (Array.isArray(data)) {
    if (data.length > 0 && Array.isArray(data[0])) {
      const rowsIn = data as readonly (readonly number[])[];
      const c = rowsIn[0].length;
      values = alloc(rowsIn.length * c);
      for (let i = 0; i < rowsIn.length; i++) {
        const row = rowsIn[i];
        if (!Array.isArray(row) || row.length !== c) {
          throw new RangeError(`invalid argument. data must have rows of equal length (row 0 has ${c}). Value: row ${i} \`${JSON.stringify(row)}\`.`);
        }
        for (let j = 0; j < c; j++) values[i * c + j] = checkNumber(row[j], `data[${i}][${j}]`);
      }
      shape = [rowsIn.length, c];
    } else {
      const flat = data as readonly number[];
      values = alloc(flat.length);
      for (let i = 0; i < flat.length; i++) values[i] = checkNumber(flat[i], `data[${i}]`);
      shape = [flat.length];
    }
  } else {
    throw new TypeError(`invalid argument. data must be a number, an array, an array of rows or a Float64Array. Value: \`${String(data)}\`.`);
  }
  if (opts.shape !== undefined) shape = checkShape(opts.shape, values.length);
  const t = new Tensor(values, shape, opts.requiresGrad === true);
  if (opts.name !== undefined) t.name = opts.name;
  return t;
}

/**
 * A tensor of zeros.
 * @example
 * import { zeros } from '@gradstream/autograd';
 * console.log(zeros([2, 1], { requiresGrad: true }).toArray()); // [[0], [0]]
 */
export function zeros(shape: readonly number[], opts: Omit<TensorOptions, 'shape'> = {}): Tensor {
  return filled(shape, 0, opts);
}

/**
 * A tensor of ones (the implicit gradient of a scalar backward()).
 * @example
 * import { ones } from '@gradstream/autograd';
 * console.log(ones([3]).toArray()); // [1, 1, 1]
 */
export function ones(shape: readonly number[], opts: Omit<TensorOptions, 'shape'> = {}): Tensor {
  return filled(shape, 1, opts);
}

function filled(shapeArg: readonly number[], value: number, opts: Omit<TensorOptions, 'shape'>): Tensor {
  const shape = checkShape(shapeArg, undefined);
  const t = new Tensor(alloc(numel(shape)).fill(value), shape, opts.requiresGrad === true);
  if (opts.name !== undefined) t.name = opts.name;
  return t;
}

function checkShape(shape: readonly number[], count: number | undefined): number[] {
  let valid = Array.isArray(shape) && shape.length <= 2;
  for (let d = 0; valid && d < shape.length; d++) valid = Number.isInteger(shape[d]) && shape[d] >= 0;
  if (!valid) {
    throw new RangeError(`invalid argument. shape must be an array of at most 2 non-negative integers. Value: \`${JSON.stringify(shape)}\`.`);
  }
  if (count !== undefined && numel(shape) !== count) {
    throw new RangeError(`invalid argument. shape must hold as many elements as data (${count}). Value: \`${formatShape(shape)}\`.`);
  }
  return shape.slice();
}

function checkNumber(x: unknown, where: string): number {
  if (typeof x !== 'number') throw new TypeError(`invalid argument. ${where} must be a number. Value: \`${JSON.stringify(x)}\`.`);
  return x;
}
