/**
 * W8 in TensorFlow.js (cpu backend, float32): the same MLP from the same initial parameters, the same batches
 * in the same order, loss = mean(relu(1 − y·s)) + l2·Σp² minimized by `tf.train.sgd(lr)` — what a user writes
 * in tfjs for micrograd's demo. Batches are gathered on the JS side and handed to tf as tensors.
 *
 * @example
 * import { moons } from '@gradstream/data';
 * import { loadTf } from './tfjs.js';
 * import { trainMlpWithTf } from './w8-mlp-tfjs.js';
 * const ds = moons({ n: 100, noise: 0.1, seed: 1, labels: 'pm1' });
 * const p0 = new Float64Array(2 * 16 + 16 + 16 * 16 + 16 + 16 + 1).map((_, i) => Math.sin(i + 1) / 4);
 * console.log(trainMlpWithTf(await loadTf(), ds, { sizes: [2, 16, 16, 1], l2: 1e-4, batchSize: 10, lr: 0.1, epochs: 5, seed: 1 }, p0).lastLoss);
 */
import { epochOrder, type Dataset } from '@gradstream/data';
import { gatherRows, type MlpRunOptions } from './w8-mlp-floor.js';

type Tf = typeof import('@tensorflow/tfjs');
type Scalar = import('@tensorflow/tfjs').Scalar;

export function trainMlpWithTf(tf: Tf, ds: Dataset, { sizes, l2, batchSize, lr, epochs, seed }: MlpRunOptions, p0: Float64Array) {
  const { n, d, X, y } = ds;
  // [W1, b1, W2, b2, W3, b3] from the flat vector, in gradstream's layout (W_i is [in, out], row-major).
  const shapes = sizes.slice(1).flatMap((out, i) => [[sizes[i], out], [out]]);
  let at = 0;
  const vars = shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const v = tf.variable(tf.tensor(Float32Array.from(p0.subarray(at, at + size)), shape, 'float32'));
    at += size;
    return v;
  });
  const [W1, b1, W2, b2, W3, b3] = vars;
  const optimizer = tf.train.sgd(lr);
  const xs = new Float32Array(batchSize * d);
  const ys = new Float32Array(batchSize);
  let lastLoss = NaN;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = epochOrder(n, seed, epoch);
    for (let start = 0; start < n; start += batchSize) {
      const m = Math.min(batchSize, n - start);
      gatherRows(X, y, d, order, start, m, xs, ys);
      const loss = tf.tidy((): Scalar => {
        const bx = tf.tensor2d(xs.subarray(0, m * d), [m, d]);
        const by = tf.tensor2d(ys.subarray(0, m), [m, 1]);
        return optimizer.minimize(() => {
          const h1 = bx.matMul(W1).add(b1).relu();
          const h2 = h1.matMul(W2).add(b2).relu();
          const s = h2.matMul(W3).add(b3);
          const hinge = tf.scalar(1).sub(by.mul(s)).relu().mean();
          const penalty = tf.addN(vars.map((v) => v.square().sum()));
          return hinge.add(penalty.mul(l2)) as Scalar;
        }, true)!;
      });
      // Read only the last step's loss: reading every step would add a sync the floor does not pay.
      if (epoch === epochs && start + batchSize >= n) lastLoss = loss.dataSync()[0];
      loss.dispose();
    }
  }
  const p = Float64Array.from(vars.flatMap((v) => Array.from(v.dataSync())));
  tf.dispose(vars);
  optimizer.dispose();
  return { p, lastLoss };
}
