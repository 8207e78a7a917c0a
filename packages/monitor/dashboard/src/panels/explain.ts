/**
 * The current minibatch explained number by number: the same view the CLI prints (`explanationView` of
 * @gradstream/events) — the forward pass ŷ = Xw + b, the residuals and per-sample losses, the gradients
 * `.backward()` puts into `.grad`, and the optimizer's own update rule with its numbers (SGD's g, momentum's
 * buffer, Adam's m, v, m̂, v̂), whose "change" column is the step's real parameter change.
 *
 * Test ids: `explain-<column>-<row>` for the forward table (`explain-yhat-0`), `explain-<column>-<param>`
 * for the update table (`explain-delta-w-0` for the change, `explain-m-b`), `explain-grad-<param>` for ∂l/∂p.
 */
import { explanationView, type StepExplanation, type ViewTable } from '@gradstream/events';
import { el, fill, numberEl, paramColour } from '../dom.js';
import type { RunStore } from '../store.js';

const maxRows = 20;

export function explainPanel(root: HTMLElement): { update(store: RunStore): void } {
  let shown: StepExplanation | null | undefined;
  return {
    update(store) {
      if (store.explain === shown) return;
      shown = store.explain;
      if (!shown) {
        fill(root, el('p', { class: 'empty' }, 'No step explained yet: the first step of the run and of each epoch are, and any step you ask for.'));
        return;
      }
      render(root, shown, store.explainStep);
    },
  };
}

/** The test id of a column: its key in lower case (`yhat`, `persample`), the change column as `delta`, the mean gradient g as `g`. */
const columnId = (key: string) => (key === 'change' ? 'delta' : key === 'grad' ? 'g' : key.toLowerCase());

/** `w-0`, `w-1`, `b`: the row ids of the lesson's parameters (w₁ is w-0); any other model's are `p-<index>`. */
const paramId = (j: number, d: number | undefined) => (d === undefined ? `p-${j}` : j < d ? `w-${j}` : 'b');

/** Parameter rows drawn for a large model (an MLP has hundreds); the rest are counted below the table. */
const maxParamRows = 40;

function table(t: ViewTable, rowId: (i: number) => string, rows: number, firstColumn: (i: number) => Node | string): HTMLTableElement {
  const head = el('tr', {}, el('th', {}, ''), ...t.columns.map((c) => el('th', {}, c.label)));
  const body = t.rows.slice(0, rows).map((row, i) =>
    el('tr', {}, el('td', { class: 'index' }, firstColumn(i)), ...row.values.map((v, k) => el('td', {}, numberEl(`explain-${columnId(t.columns[k].key)}-${rowId(i)}`, Number.isNaN(v) ? undefined : v, 5)))),
  );
  return el('table', { class: 'batch' }, el('thead', {}, head), el('tbody', {}, ...body));
}

function render(root: HTMLElement, e: StepExplanation, step: number | null): void {
  const view = explanationView(e);
  const d = e.model ? undefined : e.before?.w.length;
  const title = el(
    'p',
    { class: 'explain-title' },
    step === null ? 'Latest explained step' : el('span', {}, 'Step ', numberEl('explain-step', step, 'count')),
    ` · ${view.title.split(',')[0]} · batch of `,
    numberEl('explain-size', e.size, 'count'),
    ' rows · lr ',
    numberEl('explain-lr', e.lr, 'short'),
  );
  const forward = table(view.forward, String, maxRows, (i) => view.forward.rows[i].name);
  const hidden = view.forward.rows.length - maxRows + view.hiddenRows;
  const more = hidden > 0 ? el('p', { class: 'note' }, `… and ${hidden} more rows (the sums are over all ${e.size})`) : '';
  const perRow = view.forward.columns.at(-1)!.label;
  const penalty = e.penalty ? ' + the L2 term' : '';
  const loss = el('p', {}, `l = Σ ${perRow}${penalty} = `, numberEl('explain-loss-sum', view.lossSum, 6), ' — where .backward() starts; the mean over the batch is ', numberEl('explain-loss-mean', view.meanLoss, 6));
  const backward = el(
    'ul',
    { class: 'formulas' },
    ...view.backward.slice(0, maxParamRows).map((g, j) => el('li', {}, el('span', { class: 'formula' }, `${g.formula} = `), numberEl(`explain-grad-${paramId(j, d)}`, g.value))),
  );
  const colours = d ?? view.update.rows.length - 1;
  const swatch = (i: number) => el('span', {}, el('span', { class: 'swatch', style: `background:${paramColour(i, colours)}` }), view.update.rows[i].name);
  const update = table(view.update, (i) => paramId(i, d), maxParamRows, swatch);
  const moreParams = view.update.rows.length > maxParamRows ? el('p', { class: 'note' }, `… and ${view.update.rows.length - maxParamRows} more parameters`) : '';
  fill(
    root,
    title,
    el('h3', {}, 'Forward pass and loss'),
    el('div', { class: 'scroll' }, forward),
    more,
    loss,
    el('h3', {}, 'Backward pass: what .backward() puts into .grad'),
    d === undefined ? '' : el('p', { class: 'note' }, 'In vector form: ∂l/∂w = Xᵀ(ŷ − y), ∂l/∂b = Σ(ŷ − y).'),
    backward,
    el('h3', {}, `The update: ${view.title.split(',')[0]}`),
    el('ul', { class: 'formulas rule' }, ...view.rule.map((line) => el('li', {}, el('span', { class: 'formula' }, line)))),
    el('div', { class: 'scroll' }, update),
    moreParams,
  );
}
