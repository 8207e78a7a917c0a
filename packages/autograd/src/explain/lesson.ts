/**
 * Recognizes the d2l linear-regression loss in a graph, so the explanation can speak the lesson's
 * language (ŷ, residuals, per-sample losses) and show the hand computation beside the engine's.
 *
 * The shape it looks for, as the lesson writes it:
 *   l = Σ ((X·w + b) − y)² / 2        sum ← div 2 (or mul 0.5) ← pow 2 ← sub ← add ← matmul
 * (`mean` instead of `sum` and a model without bias are accepted too).
 */
import type { Tensor } from '../tensor.js';

export interface LessonMatch {
  X: Tensor;
  w: Tensor;
  b: Tensor | null;
  y: Tensor;
  /** X·w */
  product: Tensor;
  /** ŷ = X·w + b */
  yHat: Tensor;
  /** ŷ − y */
  residual: Tensor;
  /** (ŷ − y)² */
  squared: Tensor;
  /** (ŷ − y)²/2, one loss per sample */
  perSample: Tensor;
  /** Σ or mean of the per-sample losses */
  loss: Tensor;
  reduction: 'sum' | 'mean';
}

/** @internal */
export function matchLesson(root: Tensor): LessonMatch | null {
  if ((root.op !== 'sum' && root.op !== 'mean') || root._meta?.axis !== undefined) return null;
  const perSample = root._parents[0];
  const halved =
    (perSample.op === 'div' && perSample._parents[1]._const === 2) || (perSample.op === 'mul' && perSample._parents[1]._const === 0.5);
  if (!halved) return null;
  const squared = perSample._parents[0];
  if (squared.op !== 'pow' || squared._meta?.k !== 2) return null;
  const residual = squared._parents[0];
  if (residual.op !== 'sub') return null;
  const [yHat, y] = residual._parents;
  let product: Tensor;
  let b: Tensor | null = null;
  if (yHat.op === 'matmul') product = yHat;
  else if (yHat.op === 'add') {
    const [p, q] = yHat._parents;
    if (p.op === 'matmul') [product, b] = [p, q];
    else if (q.op === 'matmul') [product, b] = [q, p];
    else return null;
  } else return null;
  const [X, w] = product._parents;
  // the linear model's shapes: X is n×d, w has d entries, y and ŷ have n
  if (X.shape.length !== 2 || w.data.length !== X.shape[1] || y.data.length !== X.shape[0] || yHat.data.length !== X.shape[0]) return null;
  if (b !== null && b.data.length !== 1) return null;
  return { X, w, b, y, product, yHat, residual, squared, perSample, loss: root, reduction: root.op === 'sum' ? 'sum' : 'mean' };
}
