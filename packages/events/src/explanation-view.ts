/**
 * How a `StepExplanation` reads: the tables and formulas of one step, in the order a learner checks them
 * by hand (the batch and the forward pass, the backward pass, the optimizer's update). The CLI prints this
 * view as text (`renderExplanationText`) and the dashboard draws it as HTML, so both show the same numbers
 * under the same headings, for every optimizer.
 */
import type { ParamUpdate, StepExplanation, UpdateExplanation } from './schema.js';

/** A column of numbers: `key` is stable (tests and page ids use it), `label` is what a person reads. */
export interface ViewColumn {
  key: string;
  label: string;
}

/** A table with one row per sample or per parameter. */
export interface ViewTable {
  columns: ViewColumn[];
  /** Row names (`1`, `2` … or `w₁`, `b`) and their numbers, one per column. */
  rows: { name: string; values: number[] }[];
}

export interface ExplanationView {
  /** e.g. `Adam update, batch of 10 rows, lr 0.03`. */
  title: string;
  /** The batch, ŷ = X·w + b, the residual and each sample's loss. */
  forward: ViewTable;
  /** Rows of the batch not shown in `forward` (the sums are over all of them). */
  hiddenRows: number;
  lossSum: number;
  meanLoss: number;
  /** ∂l/∂p of the summed loss for every parameter, with the sum it comes from. */
  backward: { name: string; formula: string; value: number }[];
  /** The update rule in symbols, one line per equation. */
  rule: string[];
  /** One row per parameter: g, the optimizer's state, before, change, after. */
  update: ViewTable;
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';
/** `w₁₂` for index 11. */
export const subscript = (k: number): string => String(k).replace(/\d/g, (c) => SUB[Number(c)]);

const OPTIMIZER_TITLE = { sgd: 'SGD', momentum: 'SGD with momentum', adam: 'Adam' } as const;

/**
 * @example
 * import { explanationView } from '@gradstream/events';
 * const view = explanationView({
 *   X: [[1], [2]], y: [1, 1], yHat: [1, 2], residual: [0, 1], perSample: [0, 0.5], lossSum: 0.5,
 *   grad: { w: [2], b: 1 }, lr: 0.1, size: 2, before: { w: [1], b: 0 }, after: { w: [0.9], b: -0.05 },
 * });
 * console.log(view.rule, view.update.rows[0]); // the SGD rule; { name: 'w₁', values: [ 2, 1, 1, -0.1, 0.9 ] }
 */
export function explanationView(e: StepExplanation): ExplanationView {
  const d = e.X[0]?.length ?? e.before?.w.length ?? 0;
  const update = e.update ?? sgdUpdate(e);
  const xColumns = Array.from({ length: d }, (_, j) => ({ key: `x${j}`, label: `x${subscript(j + 1)}` }));
  const outputs = outputColumns(e);
  const forward: ViewTable = {
    columns: [...xColumns, { key: 'y', label: 'y' }, ...outputs.map((c) => c.column)],
    rows: e.y.map((y, i) => ({ name: String(i + 1), values: [...e.X[i], y, ...outputs.map((c) => c.value(i))] })),
  };
  const { rule, columns } = ruleOf(update, e.size);
  return {
    title: `${OPTIMIZER_TITLE[update.optimizer.name]} update, batch of ${e.size} row${e.size === 1 ? '' : 's'}, lr ${e.lr}`,
    forward,
    hiddenRows: e.size - e.y.length,
    lossSum: e.lossSum,
    meanLoss: e.lossSum / e.size,
    backward: backwardOf(e, update),
    rule,
    update: { columns, rows: update.params.map((p) => ({ name: p.name, values: columns.map((c) => cell(p, c.key)) })) },
  };
}

/** The forward table's columns after x and y: the model's outputs, the predicted label and the per-row loss. */
function outputColumns(e: StepExplanation): { column: ViewColumn; value: (i: number) => number }[] {
  const loss = e.model?.loss ?? 'squared';
  const perSample = { column: { key: 'perSample', label: PER_SAMPLE[loss] }, value: (i: number) => e.perSample[i] };
  const predicted = { column: { key: 'predicted', label: 'class' }, value: (i: number) => e.predicted?.[i] ?? NaN };
  if (loss === 'cross-entropy') {
    const k = e.scores?.[0]?.length ?? 0;
    const scores = Array.from({ length: k }, (_, c) => ({ column: { key: `score${c}`, label: `ŷ${subscript(c)}` }, value: (i: number) => e.scores![i][c] }));
    return [...scores, predicted, perSample];
  }
  const yHat = { column: { key: 'yHat', label: e.model ? 'ŷ' : 'ŷ = x·w + b' }, value: (i: number) => e.yHat[i] };
  if (loss === 'squared') return [yHat, { column: { key: 'residual', label: 'ŷ − y' }, value: (i) => e.residual?.[i] ?? e.yHat[i] - e.y[i] }, perSample];
  return [yHat, predicted, perSample];
}

const PER_SAMPLE = {
  squared: '(ŷ − y)²/2',
  'cross-entropy': '−log softmax(ŷ)ᵧ',
  hinge: 'max(0, 1 − y·ŷ)',
  logistic: 'log(1 + e^(∓ŷ))',
} as const;

/** ∂l/∂p of the summed loss: the lesson's with its sums written out, any other model's from the update rows. */
function backwardOf(e: StepExplanation, update: UpdateExplanation): ExplanationView['backward'] {
  if (e.grad && !e.model) {
    return [
      ...e.grad.w.map((value, j) => ({ name: `w${subscript(j + 1)}`, formula: `∂l/∂w${subscript(j + 1)} = Σ x${subscript(j + 1)}·(ŷ − y)`, value })),
      { name: 'b', formula: '∂l/∂b = Σ (ŷ − y)', value: e.grad.b },
    ];
  }
  return update.params.map((p) => ({ name: p.name, formula: `∂l/∂${p.name}`, value: p.grad * e.size }));
}

function ruleOf(u: UpdateExplanation, size: number): { rule: string[]; columns: ViewColumn[] } {
  const g = { key: 'grad', label: `g = (∂l/∂p)/${size}` };
  const before = { key: 'before', label: 'before' };
  const after = { key: 'after', label: 'after' };
  const o = u.optimizer;
  if (o.name === 'sgd') {
    return { rule: [`g = (∂l/∂p) / batch size`, `p ← p − lr·g`], columns: [g, before, { key: 'change', label: '− lr·g' }, after] };
  }
  if (o.name === 'momentum') {
    return {
      rule: [`g = (∂l/∂p) / batch size`, `buf ← ${o.momentum}·buf + g   (the first step: buf ← g)`, `p ← p − lr·buf`],
      columns: [g, { key: 'velocityBefore', label: 'buf before' }, { key: 'velocity', label: 'buf after' }, before, { key: 'change', label: '− lr·buf' }, after],
    };
  }
  const t = u.t;
  return {
    rule: [
      `g = (∂l/∂p) / batch size`,
      `m ← ${o.beta1}·m + ${round(1 - o.beta1)}·g`,
      `v ← ${o.beta2}·v + ${round(1 - o.beta2)}·g²`,
      `m̂ = m / (1 − ${o.beta1}^${t}),  v̂ = v / (1 − ${o.beta2}^${t})   (t = ${t})`,
      `p ← p − lr·m̂ / (√v̂ + ${o.eps})`,
    ],
    columns: [g, { key: 'm', label: 'm' }, { key: 'v', label: 'v' }, { key: 'mHat', label: 'm̂' }, { key: 'vHat', label: 'v̂' }, before, { key: 'change', label: '− lr·m̂/(√v̂ + ε)' }, after],
  };
}

function cell(p: ParamUpdate, key: string): number {
  switch (key) {
    case 'velocityBefore':
      return p.velocity?.before ?? NaN;
    case 'velocity':
      return p.velocity?.after ?? NaN;
    case 'm':
      return p.m?.after ?? NaN;
    case 'v':
      return p.v?.after ?? NaN;
    default:
      return (p as unknown as Record<string, number>)[key] ?? NaN;
  }
}

const round = (x: number) => Number(x.toPrecision(12));

/** The update of a recording made before explanations carried it: plain SGD, from the numbers there. */
function sgdUpdate(e: StepExplanation): UpdateExplanation {
  if (!e.before || !e.after || !e.grad) return { optimizer: { name: 'sgd' }, t: 0, params: [] };
  const before = [...e.before.w, e.before.b];
  const after = [...e.after.w, e.after.b];
  const grads = [...e.grad.w, e.grad.b];
  const names = [...e.before.w.map((_, j) => `w${subscript(j + 1)}`), 'b'];
  return {
    optimizer: { name: 'sgd' },
    t: 0,
    params: names.map((name, j) => ({ name, grad: grads[j] / e.size, before: before[j], after: after[j], change: after[j] - before[j] })),
  };
}
