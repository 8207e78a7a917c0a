/**
 * Copying a batch's rows out of the dataset: the inner loop of `minibatches`, kept apart so V8
 * optimises it on its own.
 */

/** Copies the rows named by `indices` into `bx` (indices.length×d) and `by`. A top-level function with every
 * input a parameter, so V8 optimises the copy loop on its own, away from the Observable's closure. */
export function gather(X: Float64Array, y: Float64Array, d: number, indices: Uint32Array, bx: Float64Array, by: Float64Array): void {
  const size = indices.length;
  if (d === 2) {
    // The lesson's shape, unrolled: two features a row.
    for (let k = 0; k < size; k++) {
      const row = indices[k];
      by[k] = y[row];
      bx[2 * k] = X[2 * row];
      bx[2 * k + 1] = X[2 * row + 1];
    }
    return;
  }
  if (d >= WIDE_ROW) {
    // Wide rows: one memcpy a row beats the element loop despite the subarray object
    // (measured here, 256 rows × 256 features: 33 µs against 117–134 µs a batch).
    for (let k = 0; k < size; k++) {
      const row = indices[k];
      by[k] = y[row];
      bx.set(X.subarray(row * d, row * d + d), k * d);
    }
    return;
  }
  for (let k = 0; k < size; k++) {
    const row = indices[k];
    by[k] = y[row];
    const from = row * d;
    const to = k * d;
    for (let j = 0; j < d; j++) bx[to + j] = X[from + j];
  }
}

/** From this many features a row, `gather` copies rows with `TypedArray.set` instead of an element loop. */
const WIDE_ROW = 32;
