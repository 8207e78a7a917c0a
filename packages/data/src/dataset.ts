import type { Dataset } from './types.js';
import { invalid, show } from './validate.js';

/**
 * Checks the shape of a dataset (not its values: reading every value would defeat the laziness of
 * `minibatches`, which gathers only the rows it emits). Throws naming the argument, rule and value.
 */
export function checkDataset(name: string, ds: unknown): Dataset {
  if (typeof ds !== 'object' || ds === null) throw invalid(TypeError, name, 'must be a Dataset { n, d, X, y }', ds);
  const { n, d, X, y } = ds as Dataset;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw invalid(RangeError, `${name}.n`, 'must be a nonnegative integer', n);
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) throw invalid(RangeError, `${name}.d`, 'must be a positive integer', d);
  if (!(X instanceof Float64Array)) throw invalid(TypeError, `${name}.X`, 'must be a Float64Array', X);
  if (!(y instanceof Float64Array)) throw invalid(TypeError, `${name}.y`, 'must be a Float64Array', y);
  if (X.length !== n * d) {
    throw new RangeError(`invalid argument. ${name}.X must have n·d = ${n * d} elements. Value: \`${show(X)}\`.`);
  }
  if (y.length !== n) throw new RangeError(`invalid argument. ${name}.y must have n = ${n} elements. Value: \`${show(y)}\`.`);
  return ds as Dataset;
}
