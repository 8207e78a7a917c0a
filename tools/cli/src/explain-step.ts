/**
 * One SGD step of the linear model with every intermediate number, computed by a real backward pass
 * through `@gradstream/autograd` (not by the closed form the text then shows): ŷ = X·w + b,
 * l = Σ (ŷ − y)²/2, `l.backward()`, then the update p ← p − lr·grad/batch.
 *
 * @example
 * import { explainStep } from './explain-step.js';
 * const e = await explainStep({ X: [[1, 2], [3, 4]], y: [1, 2], w: [0.1, -0.2], b: 0, lr: 0.03 });
 * console.log(e.lossSum, e.grad.w, e.after.w);
 */
import type { StepExplanation } from '@gradstream/events';
import type { BatchFile } from './batch-file.js';

export async function explainStep({ X, y, w, b, lr }: BatchFile): Promise<StepExplanation> {
  const { tensor } = await import('@gradstream/autograd');
  const n = X.length;
  const d = w.length;
  const Xt = tensor(X, { name: 'X' });
  const yt = tensor(y.map((v) => [v]), { name: 'y' });
  const wt = tensor(w.map((v) => [v]), { requiresGrad: true, name: 'w' });
  const bt = tensor(b, { requiresGrad: true, name: 'b' });
  const yHat = Xt.matmul(wt).add(bt).retainGrad();
  yHat.name = 'ŷ';
  const perSample = yHat.sub(yt).pow(2).div(2);
  const loss = perSample.sum();
  loss.backward();

  const yHatValues = Array.from(yHat.data);
  const gradW = Array.from(wt.grad!.data);
  const gradB = bt.grad!.item();
  // The update runs outside the graph, as `with torch.no_grad(): p -= lr * p.grad / batch_size`.
  const after = { w: w.map((wj, j) => wj - (lr * gradW[j]) / n), b: b - (lr * gradB) / n };
  return {
    X: X.map((row) => [...row]),
    y: [...y],
    yHat: yHatValues,
    // ∂l/∂ŷ from the backward pass; for l = Σ(ŷ − y)²/2 it equals ŷ − y.
    residual: Array.from(yHat.grad!.data),
    perSample: Array.from(perSample.data),
    lossSum: loss.item(),
    grad: { w: gradW.slice(0, d), b: gradB },
    lr,
    size: n,
    before: { w: [...w], b },
    after,
  };
}
