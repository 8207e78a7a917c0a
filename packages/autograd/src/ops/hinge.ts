/**
 * The hinge loss of a margin classifier (micrograd's demo, an SVM): labels are −1 or +1 and a row
 * costs nothing once its score is on the right side with a margin of 1.
 *
 * Composed of existing ops (mul, sub, relu, sum), so it needs no backward of its own: its gradient is
 * the chain rule through those ops, −y where the margin is violated and 0 elsewhere (0 at the kink,
 * as PyTorch's relu). explain() shows each of them.
 */
import { checkTensor } from '../op-node.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { mul, sub } from './arithmetic.js';
import { relu } from './unary.js';
import { sum } from './reduce.js';
import { checkLabels } from './labels.js';

/**
 * `Σᵢ relu(1 − yᵢ·scoresᵢ)`, a scalar: the **sum** over rows (the trainer divides by the batch size, as
 * for crossEntropy; micrograd's demo takes the mean, `.div(n)`).
 *
 * @param scores - one score per row: shape `[n]` or `[n, 1]` (a model with one output)
 * @param y - `n` labels, each −1 or +1: a Tensor of shape `[n]` or `[n, 1]`, or a number[]
 * @returns a scalar tensor (shape `[]`)
 *
 * @example
 * import { hinge, tensor } from '@gradstream/autograd';
 * const scores = tensor([2, 0.5, -0.25], { requiresGrad: true });
 * const loss = hinge(scores, [1, 1, 1]);
 * loss.backward();
 * console.log(loss.item(), scores.grad!.toArray()); // 1.75 [0, -1, -1]: margins 0, 0.5, 1.25
 */
export function hinge(scores: Tensor, y: Tensor | readonly number[]): Tensor {
  checkTensor(scores, 'scores');
  const [n, c] = scores.shape;
  if (!(scores.shape.length === 1 || (scores.shape.length === 2 && c === 1))) {
    throw new RangeError(
      `invalid argument. scores must hold one score per row: shape [n] or [n, 1]. Value: shape \`${formatShape(scores.shape)}\`.`,
    );
  }
  const labels = checkLabels(y, 'y', n, '−1 or +1', (v) => v === -1 || v === 1);
  const aligned = labels.shape.length === scores.shape.length ? labels : labels.reshape(scores.shape);
  return sum(relu(sub(1, mul(aligned, scores))));
}
