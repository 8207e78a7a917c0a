/**
 * The label argument of the losses (crossEntropy's class indices, hinge's ±1): a Tensor or a plain
 * number[] with one entry per row, checked entry by entry so that a bad label fails at the call, naming
 * its row, and not as a NaN loss or an out-of-bounds read inside the kernel.
 */
import { formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';

/**
 * `labels` as a tensor of `n` entries (a number[] is copied into one; a Tensor of shape `[n]` or `[n, 1]`
 * is used as is), each passing `ok`; otherwise the house error naming `name`, `rule` and the value.
 * @internal
 */
export function checkLabels(labels: unknown, name: string, n: number, rule: string, ok: (v: number) => boolean): Tensor {
  let t: Tensor;
  if (labels instanceof Tensor) {
    const [r, c] = labels.shape;
    if (!(labels.shape.length === 1 && r === n) && !(labels.shape.length === 2 && r === n && c === 1)) {
      throw new RangeError(
        `invalid argument. ${name} must hold one label per row: shape [${n}] or [${n}, 1]. Value: shape \`${formatShape(labels.shape)}\`.`,
      );
    }
    t = labels;
  } else if (Array.isArray(labels)) {
    if (labels.length !== n) {
      throw new RangeError(`invalid argument. ${name} must hold one label per row (${n}). Value: an array of ${labels.length}.`);
    }
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = typeof labels[i] === 'number' ? labels[i] : NaN;
    t = new Tensor(data, [n]);
    t.name = name;
  } else {
    throw new TypeError(`invalid argument. ${name} must be a Tensor or an array of numbers. Value: \`${String(labels)}\`.`);
  }
  const L = t.data;
  for (let i = 0; i < n; i++) {
    if (!ok(L[i])) {
      const shown = Array.isArray(labels) ? JSON.stringify(labels[i]) : String(L[i]);
      throw new RangeError(`invalid argument. ${name} must be ${rule}. Value: \`${shown}\` at row ${i}.`);
    }
  }
  return t;
}
