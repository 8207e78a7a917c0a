/**
 * The losses a model can end in, each with what the rest of the run needs from it: the batch's summed loss as an
 * autograd graph (what `.backward()` starts from), the per-row losses and the predicted labels in plain numbers
 * (for explanations), and how many rows a classifier got right (for accuracy).
 *
 * - `squared`: (ŷ − y)²/2 (d2l), for regression; one output.
 * - `cross-entropy`: −log softmax(ŷ)[label], fused and stable (`crossEntropy`); one output per class, labels 0…k−1.
 * - `hinge`: max(0, 1 − y·ŷ) (micrograd's demo); one output, labels −1/+1; a score of exactly 0 counts as −1.
 * - `logistic`: −log σ(ŷ) for label 1, −log(1 − σ(ŷ)) for label 0 (logistic regression); one output. It is the
 *   cross-entropy of the two logits [0, ŷ], which is how it is computed: stable for any ŷ.
 */
import { crossEntropy, hinge, tensor, type Tensor } from '@gradstream/autograd';
import type { ModelSpec } from '@gradstream/events';

export type LossName = ModelSpec['loss'];

export interface LossHead {
  readonly name: LossName;
  /** The labels a row may have, in words (for error messages). */
  readonly labels: string;
  /** Whether `y` is a valid label for this loss with `outputs` outputs. */
  validLabel(y: number, outputs: number): boolean;
  /** Σ over the batch's rows of the per-row loss, as a scalar graph. `out` is [size, outputs]. */
  sum(out: Tensor, y: Tensor): Tensor;
  /** The per-row loss of row `i` from its outputs (plain numbers, for explanations). */
  rowLoss(out: Float64Array, outputs: number, i: number, y: number): number;
  /** The label predicted for row `i`, for classifiers; undefined for regression. */
  predict?(out: Float64Array, outputs: number, i: number): number;
}

/** [0, 1]: multiplies a [size, 1] score into the two logits [0, ŷ] of the logistic loss. */
const LOGISTIC_LOGITS = tensor([[0, 1]], { name: '[0 1]' });

const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

const HEADS: Record<LossName, LossHead> = {
  squared: {
    name: 'squared',
    labels: 'a finite number',
    validLabel: (y) => Number.isFinite(y),
    sum: (out, y) => out.reshape([out.shape[0]]).sub(y).pow(2).div(2).sum(),
    rowLoss: (out, _k, i, y) => ((out[i] - y) * (out[i] - y)) / 2,
  },
  'cross-entropy': {
    name: 'cross-entropy',
    labels: 'a class index 0, 1, …, classes − 1',
    validLabel: (y, k) => Number.isInteger(y) && y >= 0 && y < k,
    sum: (out, y) => crossEntropy(out, y),
    rowLoss(out, k, i, y) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, out[i * k + c]);
      let s = 0;
      for (let c = 0; c < k; c++) s += Math.exp(out[i * k + c] - max);
      return max + Math.log(s) - out[i * k + y];
    },
    predict(out, k, i) {
      // The first index wins a tie, as torch.argmax does.
      let best = 0;
      for (let c = 1; c < k; c++) if (out[i * k + c] > out[i * k + best]) best = c;
      return best;
    },
  },
  hinge: {
    name: 'hinge',
    labels: '−1 or +1',
    validLabel: (y) => y === -1 || y === 1,
    sum: (out, y) => hinge(out, y),
    rowLoss: (out, _k, i, y) => Math.max(0, 1 - y * out[i]),
    predict: (out, _k, i) => (out[i] > 0 ? 1 : -1),
  },
  logistic: {
    name: 'logistic',
    labels: '0 or 1',
    validLabel: (y) => y === 0 || y === 1,
    sum: (out, y) => crossEntropy(out.matmul(LOGISTIC_LOGITS), y),
    rowLoss: (out, _k, i, y) => softplus(y === 1 ? -out[i] : out[i]),
    predict: (out, _k, i) => (out[i] > 0 ? 1 : 0),
  },
};

/**
 * The loss head of a name.
 *
 * @example
 * import { tensor } from '@gradstream/autograd';
 * import { lossHead } from '@gradstream/trainer';
 * const head = lossHead('hinge');
 * console.log(head.sum(tensor([[0.5], [-2]]), tensor([1, 1])).item()); // 3.5: 0.5 + 3
 */
export function lossHead(name: LossName): LossHead {
  const head = HEADS[name];
  if (head === undefined) throw new RangeError(`invalid argument. loss must be one of ${Object.keys(HEADS).join(', ')}. Value: \`${String(name)}\`.`);
  return head;
}

/** Rows of a batch a classifier got right: predicted label = y. `out` is size×outputs row-major. */
export function correctRows(head: LossHead, out: Float64Array, outputs: number, y: ArrayLike<number>, size: number): number {
  if (!head.predict) return 0;
  let right = 0;
  for (let i = 0; i < size; i++) if (head.predict(out, outputs, i) === y[i]) right++;
  return right;
}
