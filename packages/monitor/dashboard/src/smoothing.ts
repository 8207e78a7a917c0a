/**
 * TensorBoard's debiased exponential moving average, as its scalar dashboard draws it.
 *
 * A plain EMA started at 0 is biased towards 0 for its first points (it has seen too few values);
 * dividing by `1 − weight^k` after k finite values removes that bias, exactly like Adam's bias
 * correction. Non-finite values (a diverged loss, a gap) pass through unsmoothed and do not move the
 * average; a constant series is returned unchanged (TensorBoard does the same, so floating-point
 * error cannot make a flat line wiggle).
 *
 * @param values - the raw series, `null` for a gap
 * @param weight - smoothing weight in [0, 1): 0 returns the raw series, 0.99 is very smooth
 * @returns a new array of the same length
 *
 * @example
 * debiasedEma([1, 2, 3], 0.5); // [1, 1.6667, 2.4286]
 */
export function debiasedEma(values: ArrayLike<number | null>, weight: number): (number | null)[] {
  if (!(weight >= 0 && weight < 1)) {
    throw new RangeError(`invalid argument. weight must be a number in [0, 1). Value: \`${weight}\`.`);
  }
  const out: (number | null)[] = new Array(values.length);
  let first: number | null | undefined;
  let constant = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i === 0) first = v;
    else if (v !== first) {
      constant = false;
      break;
    }
  }
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (constant || v === null || !Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * weight + (1 - weight) * v;
    count++;
    out[i] = last / (1 - weight ** count);
  }
  return out;
}
