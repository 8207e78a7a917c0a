/**
 * The text of an explained step, for a terminal (`gradstream explain`, and anyone printing an `explain`
 * event): the same view the dashboard draws (`explanationView`), as aligned columns a learner can check
 * with a pencil — the batch, the forward pass, the backward pass, the optimizer's update, the result.
 */
import type { StepExplanation } from './schema.js';
import { explanationView, type ViewTable } from './explanation-view.js';

/** Fixed-width number: a sign column is kept so that columns line up. */
function num(x: number, width = 11): string {
  if (Number.isNaN(x)) return '–'.padStart(width);
  const text = Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-6) ? x.toExponential(4) : x.toFixed(6);
  return (x >= 0 && !text.startsWith('-') ? ' ' + text : text).padStart(width);
}

const short = (x: number) => num(x, 0).trim();
/** A number as a factor or subtrahend: negatives in parentheses, so `0.5 − (−0.2)` reads right. */
const term = (x: number) => (x < 0 ? `(${short(x)})` : short(x));
const vec = (xs: readonly number[]) => `[${xs.map(short).join(', ')}]`;

function table(t: ViewTable, only?: string[]): string[] {
  const keys = only ?? t.columns.map((c) => c.key);
  const keep = keys.map((key) => t.columns.findIndex((c) => c.key === key)).filter((k) => k >= 0);
  const width = Math.max(11, ...keep.map((k) => t.columns[k].label.length + 1));
  const lines = ['   ' + ['  i', ...keep.map((k) => t.columns[k].label.padStart(width))].join(' ')];
  for (const row of t.rows) lines.push('   ' + [row.name.padStart(3), ...keep.map((k) => num(row.values[k], width))].join(' '));
  return lines;
}

/**
 * @example
 * import { renderExplanationText } from '@gradstream/events';
 * process.stdout.write(renderExplanationText({
 *   X: [[1], [2]], y: [1, 1], yHat: [1, 2], residual: [0, 1], perSample: [0, 0.5], lossSum: 0.5,
 *   grad: { w: [2], b: 1 }, lr: 0.1, size: 2, before: { w: [1], b: 0 }, after: { w: [0.9], b: -0.05 },
 * }));
 */
export function renderExplanationText(e: StepExplanation): string {
  const { before, after, grad, residual } = e;
  if (e.model || !before || !after || !grad || !residual) return renderModelStep(e);
  const view = explanationView(e);
  const d = before.w.length;
  const xKeys = Array.from({ length: d }, (_, j) => `x${j}`);
  const lines: string[] = [];
  lines.push(`One step of linear regression, computed number by number: ${view.title} (${d} feature${d === 1 ? '' : 's'}).`);
  lines.push('');
  lines.push('1. The batch and the parameters before the step');
  lines.push(...table(view.forward, [...xKeys, 'y']));
  lines.push(`   w = ${vec(before.w)}   b = ${short(before.b)}`);
  lines.push('');
  lines.push('2. Forward: ŷ = X·w + b, then the squared loss of each sample (ŷ − y)²/2');
  lines.push(...table(view.forward, ['yHat', 'y', 'residual', 'perSample']));
  if (view.hiddenRows > 0) lines.push(`   … and ${view.hiddenRows} more rows`);
  lines.push(`   l = Σ (ŷ − y)²/2 = ${short(view.lossSum)}   (the sum; backward() starts here)`);
  lines.push(`   mean loss l/${e.size} = ${short(view.meanLoss)}`);
  lines.push('');
  lines.push('3. Backward: the chain rule from l back to the parameters');
  lines.push(`   ∂l/∂ŷ = ŷ − y = ${vec(residual)}`);
  grad.w.forEach((g, j) => {
    const terms = e.X.map((row, i) => `${term(row[j])}·${term(residual[i])}`);
    const shown = terms.length > 4 ? [...terms.slice(0, 3), '…'] : terms;
    lines.push(`   ${view.backward[j].formula} = ${shown.join(' + ')} = ${short(g)}`);
  });
  lines.push(`   ∂l/∂w = Xᵀ(ŷ − y) = ${vec(grad.w)}`);
  lines.push(`   ∂l/∂b = Σ (ŷ − y) = ${short(grad.b)}`);
  lines.push('');
  lines.push(`4. Update (${view.title.split(',')[0]}), with lr = ${e.lr} and batch = ${e.size}:`);
  for (const rule of view.rule) lines.push(`   ${rule}`);
  lines.push(...table(view.update));
  lines.push('');
  lines.push('5. The parameters after the step');
  lines.push(`   w = ${vec(after.w)}   b = ${short(after.b)}`);
  return lines.join('\n') + '\n';
}

/** Rows of the update table printed for a model with many parameters (the view has all of them). */
const UPDATE_ROWS_PRINTED = 12;

/** Any model other than the lesson's: the forward table, the loss, the gradient and the update, parameter by parameter. */
function renderModelStep(e: StepExplanation): string {
  const view = explanationView(e);
  const name = e.model?.name ?? 'the model';
  const lines: string[] = [`One step of ${name}, computed number by number: ${view.title}.`, ''];
  lines.push(`1. Forward: the batch, the model's output and each row's loss ${view.forward.columns.at(-1)!.label}`);
  lines.push(...table(view.forward, view.forward.columns.map((c) => c.key)));
  if (view.hiddenRows > 0) lines.push(`   … and ${view.hiddenRows} more rows`);
  const penalty = e.penalty ? ` + ${short(e.penalty)} (the L2 term ${e.size}·${e.model?.l2}·Σp²)` : '';
  lines.push(`   l = Σ per-row loss${penalty} = ${short(view.lossSum)}   (the sum; backward() starts here)`);
  lines.push(`   mean loss l/${e.size} = ${short(view.meanLoss)}`, '');
  lines.push(`2. Backward: .backward() from l gives ∂l/∂p for all ${view.backward.length} parameters`);
  lines.push(`3. Update (${view.title.split(',')[0]}), with lr = ${e.lr} and batch = ${e.size}:`);
  for (const rule of view.rule) lines.push(`   ${rule}`);
  const shown = { ...view.update, rows: view.update.rows.slice(0, UPDATE_ROWS_PRINTED) };
  lines.push(...table(shown));
  if (view.update.rows.length > UPDATE_ROWS_PRINTED) lines.push(`   … and ${view.update.rows.length - UPDATE_ROWS_PRINTED} more parameters`);
  return lines.join('\n') + '\n';
}
