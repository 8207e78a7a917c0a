/**
 * One step explained number by number, for any engine: a real autograd pass of the model over the step's
 * batch from the parameters before the step — ŷ, the residual (which is also ∂l/∂ŷ), the per-sample
 * losses, `.backward()`'s gradients and the graph with a value and a gradient on every node — plus the
 * optimizer's update as it happened. The pass is cross-checked against the numbers the run trained with
 * (`check`), so an explanation shows the step that was taken and never changes the trajectory.
 */
import { tensor, toGraphJson } from '@gradstream/autograd';
import type { GraphJson, StepExplanation, UpdateExplanation } from '@gradstream/events';
import { parameterLeaves, type Model } from './model.js';

/** Rows of a batch an explanation lists (the sums and gradients are over all of them). */
export const EXPLAINED_ROWS = 50;
/** Values kept per graph node (its shape still says how many there are). */
const GRAPH_VALUES = 16;

/** What the step computed: the run's own loss sum and gradient of the summed loss. */
export interface TrainedNumbers {
  lossSum: number;
  gSum: Float64Array;
}

/**
 * @param batch - X (size×d row-major) and y of the step
 * @param pBefore - the parameters before the step, flat, in the model's order
 *
 * @example
 * import { createOptimizer, explainStep, explainUpdate, linearRegression } from '@gradstream/trainer';
 * const batch = { size: 2, d: 1, X: new Float64Array([1, 2]), y: new Float64Array([1, 1]) };
 * const before = Float64Array.of(1, 0);
 * const after = Float64Array.of(0.9, -0.05);
 * const gSum = Float64Array.of(2, 1);
 * const update = explainUpdate(['w₁', 'b'], before, after, gSum, 2, { config: { name: 'sgd' }, t: 0 }, { config: { name: 'sgd' }, t: 1 });
 * const ex = explainStep(linearRegression(1), batch, before, 0.1, update, { lossSum: 0.5, gSum });
 * console.log(ex.residual, ex.grad, ex.check); // [ 0, 1 ] { w: [ 2 ], b: 1 } 0
 */
export function explainStep(
  model: Model,
  batch: { size: number; d: number; X: Float64Array; y: Float64Array },
  pBefore: Float64Array,
  lr: number,
  update: UpdateExplanation,
  trained: TrainedNumbers,
): StepExplanation {
  const { size, d } = batch;
  const params = parameterLeaves(model, pBefore);
  const X = tensor(batch.X.slice(0, size * d), { shape: [size, d], name: 'X' });
  const y = tensor(batch.y.slice(0, size), { shape: [size], name: 'y' });
  const { loss, prediction } = model.loss(X, y, params);
  loss.backward();
  const grads = params.flatMap((p) => Array.from(p.grad!.data));
  const shown = Math.min(size, EXPLAINED_ROWS);
  const rows = Array.from({ length: shown }, (_, i) => i);
  const lossSum = loss.item();
  const ex: StepExplanation = {
    X: rows.map((i) => Array.from(batch.X.subarray(i * d, (i + 1) * d))),
    y: rows.map((i) => batch.y[i]),
    ...outputsOf(model, prediction.data, batch.y, rows),
    lossSum,
    lr,
    size,
    update,
    check: deviation(lossSum, grads, trained),
    graph: bounded(toGraphJson(loss)),
  };
  if (isLesson(model)) {
    // The lesson's own terms: w and b before and after, and the gradient ∂l/∂w = Xᵀ(ŷ − y), ∂l/∂b = Σ(ŷ − y).
    ex.residual = rows.map((i) => prediction.data[i] - batch.y[i]);
    ex.grad = { w: grads.slice(0, d), b: grads[d] };
    ex.before = { w: Array.from(pBefore.subarray(0, d)), b: pBefore[d] };
    ex.after = { w: update.params.slice(0, d).map((p) => p.after), b: update.params[d].after };
  } else {
    const spec = model.spec;
    ex.model = { name: spec?.name ?? model.name, loss: spec?.loss ?? 'squared', l2: spec?.l2 ?? 0 };
    if (spec && spec.l2 > 0) ex.penalty = size * spec.l2 * pBefore.reduce((s, v) => s + v * v, 0);
  }
  if (shown < size) ex.rowsShown = shown;
  return ex;
}

/** The lesson's model (w then b, the squared loss, no penalty): its explanations keep the lesson's fields. */
function isLesson(model: Model): boolean {
  const [w, b] = model.parameters;
  return model.parameters.length === 2 && w.name === 'w' && b.name === 'b' && (model.spec?.loss ?? 'squared') === 'squared' && !(model.spec?.l2);
}

/** ŷ (or the scores and the predicted class), and each shown row's loss, from the model's output. */
function outputsOf(model: Model, out: Float64Array, y: Float64Array, rows: number[]): Pick<StepExplanation, 'yHat' | 'scores' | 'predicted' | 'perSample'> {
  const k = model.outputs ?? 1;
  const head = model.head;
  const perSample = rows.map((i) => (head ? head.rowLoss(out, k, i, y[i]) : ((out[i] - y[i]) * (out[i] - y[i])) / 2));
  const predicted = head?.predict ? rows.map((i) => head.predict!(out, k, i)) : undefined;
  const parts: ReturnType<typeof outputsOf> = { yHat: k === 1 ? rows.map((i) => out[i]) : predicted!, perSample };
  if (k > 1) parts.scores = rows.map((i) => Array.from(out.subarray(i * k, (i + 1) * k)));
  if (predicted) parts.predicted = predicted;
  return parts;
}

/** Largest relative difference between the explanation's numbers and the run's (0 when bit-identical). */
function deviation(lossSum: number, grads: number[], trained: TrainedNumbers): number {
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
  let worst = rel(lossSum, trained.lossSum);
  for (let i = 0; i < grads.length; i++) worst = Math.max(worst, rel(grads[i], trained.gSum[i]));
  return worst;
}

/**
 * Keeps a graph's size independent of the batch — a few values per node (the shape tells the rest) — and
 * numbers its nodes by position, so the same step gives the same graph in any process (bit-identical events).
 */
function bounded(graph: GraphJson): GraphJson {
  const ids = new Map(graph.nodes.map((node, k) => [node.id, `n${k + 1}`]));
  for (const edge of graph.edges) {
    edge.from = ids.get(edge.from)!;
    edge.to = ids.get(edge.to)!;
  }
  for (const node of graph.nodes) {
    node.id = ids.get(node.id)!;
    if (node.value.length > GRAPH_VALUES) node.value = node.value.slice(0, GRAPH_VALUES);
    if (node.grad && node.grad.length > GRAPH_VALUES) node.grad = node.grad.slice(0, GRAPH_VALUES);
  }
  return graph;
}
