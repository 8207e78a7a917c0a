/**
 * The three functions of d2l's "Linear Regression Implementation from Scratch", line for line on
 * `@gradstream/autograd` tensors, so the lesson's training loop reads the same in TypeScript:
 *
 * ```py
 * def linreg(X, w, b): return torch.matmul(X, w) + b
 * def squared_loss(y_hat, y): return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2
 * def sgd(params, lr, batch_size):
 *     with torch.no_grad():
 *         for param in params:
 *             param -= lr * param.grad / batch_size
 *             param.grad.zero_()
 * ```
 */
import { noGrad, Tensor } from '@gradstream/autograd';
import { invalidArgument } from '@gradstream/data';

/**
 * The linear model ŷ = X·w + b.
 * @param X - size×d features
 * @param w - d×1 weights
 * @param b - bias, shape [1] (broadcast over the rows)
 * @returns size×1 predictions
 *
 * @example
 * import { tensor } from '@gradstream/autograd';
 * import { linreg } from '@gradstream/trainer';
 * const yHat = linreg(tensor([[1, 2]]), tensor([[2], [-3.4]]), tensor([4.2]));
 * console.log(yHat.toArray()); // [ [ -0.6 ] ] (up to rounding)
 */
export function linreg(X: Tensor, w: Tensor, b: Tensor): Tensor {
  return X.matmul(w).add(b);
}

/**
 * Per-sample squared loss (ŷ − y)²/2, a vector as d2l returns it (sum or average it yourself).
 * `y` is reshaped to ŷ's shape first: without it, [n] − [n, 1] would broadcast to n×n.
 *
 * @example
 * import { tensor } from '@gradstream/autograd';
 * import { squaredLoss } from '@gradstream/trainer';
 * console.log(squaredLoss(tensor([[1], [3]]), tensor([0, 1])).toArray()); // [ [ 0.5 ], [ 2 ] ]
 */
export function squaredLoss(yHat: Tensor, y: Tensor): Tensor {
  return yHat.sub(y.reshape(yHat.shape)).pow(2).div(2);
}

/**
 * Minibatch stochastic gradient descent: `param −= lr·param.grad/batchSize`, then zero the gradient.
 * `batchSize` must be the rows of the batch the gradient came from (the last batch may be short).
 *
 * @example
 * import { tensor } from '@gradstream/autograd';
 * import { sgd } from '@gradstream/trainer';
 * const w = tensor([1, 2], { requiresGrad: true });
 * w.mul(w).sum().backward();          // grad = 2w = [2, 4]
 * sgd([w], 0.1, 2);
 * console.log(w.toArray(), w.grad!.toArray()); // [ 0.9, 1.8 ] [ 0, 0 ]
 */
export function sgd(params: Tensor[], lr: number, batchSize: number): void {
  if (!Array.isArray(params) || !params.every((p) => p instanceof Tensor)) throw invalidArgument('params', 'must be an array of tensors', params, TypeError);
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) throw invalidArgument('lr', 'must be a positive finite number', lr);
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1) throw invalidArgument('batchSize', 'must be a positive integer', batchSize);
  noGrad(() => {
    for (const param of params) {
      if (param.grad === null) continue; // not reached by this backward
      param.sub_(param.grad.mul(lr).div(batchSize));
      param.grad.zero_();
    }
  });
}
