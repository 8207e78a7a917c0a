/**
 * TensorBoard's debiased exponential moving average, as its scalar dashboard draws it.
 *
 * A plain EMA started at 0 is biased towards 0 for its first points (it has seen too few values);
 * dividing by `1 − weight^k` after k finite values removes that bias, exactly like Adam's bias
 * correction. Non-finite values (a diverged loss, a gap) pass through unsmoothed and do not move the
 * average; a constant series is returned unchanged (TensorBoard does the same, so floating-point
 * error cannot make a flat line wiggle).
 *
 * With `steps` (each value's step), the weight applies per step rather than per point: a point
 * `Δ` steps after the previous one decays the average by `weight^Δ`, and the debiasing divides by
 * the weight the average has actually gathered. The loss chart's points are downsampled buckets,
 * so smoothing per point would drag a 10 000-step-old loss across a few coarse buckets; per step,
 * a smoothing means the same at every zoom and every run length.
 *
 * @param values - the raw series, `null` for a gap, `undefined` for a value not drawn
 * @param weight - smoothing weight in [0, 1): 0 returns the raw series, 0.99 is very smooth
 * @param steps - the step of each value (increasing); omitted, every point is one step
 * @returns a new array of the same length
 *
 * @example
 * import { debiasedEma } from './smoothing.js';
 * console.log(debiasedEma([1, 2, 3], 0.5)); // [ 1, 1.666…, 2.428… ]
 * console.log(debiasedEma([1, 2], 0.5, [1, 3])); // [ 1, 1.857… ]: the second point is two steps on
 */
export function debiasedEma<T extends number | null | undefined>(values: ArrayLike<T>, weight: number, steps?: ArrayLike<number>): (number | T)[] {
  if (!(weight >= 0 && weight < 1)) {
    throw new RangeError(`invalid argument. weight must be a number in [0, 1). Value: \`${weight}\`.`);
  }
  const out: (number | T)[] = new Array(values.length);
  let first: T | undefined;
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
  // The weight gathered so far: 1 − weight^k after k points one step apart.
  let gathered = 0;
  let prevStep: number | null = null;
  let seen = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (constant || typeof v !== 'number' || !Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    // Without steps, finite values are one step apart (gaps and non-finite values do not count).
    const step = steps ? steps[i] : seen++;
    const decay = weight ** (prevStep === null ? 1 : Math.max(1, step - prevStep));
    prevStep = step;
    last = last * decay + (1 - decay) * v;
    gathered = gathered * decay + (1 - decay);
    out[i] = gathered > 0 ? last / gathered : v;
  }
  return out;
}
