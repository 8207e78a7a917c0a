/**
 * The current minibatch explained number by number, from a step's `explain`: the forward pass
 * ŷ = Xw + b, the residuals and per-sample losses, the gradients Xᵀ(ŷ − y) and Σ(ŷ − y) that
 * `.backward()` puts into `.grad`, and the SGD update p ← p − lr·grad/batch.
 */
import type { StepExplanation } from '@gradstream/events';
import { el, fill, numberEl, paramColour, sub } from '../dom.js';
import type { RunStore } from '../store.js';

const maxRows = 20;

export function explainPanel(root: HTMLElement): { update(store: RunStore): void } {
  let shown: StepExplanation | null | undefined;
  return {
    update(store) {
      if (store.explain === shown) return;
      shown = store.explain;
      if (!shown) {
        fill(root, el('p', { class: 'empty' }, 'No step explanation yet. Runs that ask for them (explainEvery) show one here.'));
        return;
      }
      render(root, shown, store.explainStep);
    },
  };
}

function render(root: HTMLElement, e: StepExplanation, step: number | null): void {
  const d = e.X[0]?.length ?? e.grad.w.length;
  const names = [...Array.from({ length: d }, (_, j) => `w${sub(j + 1)}`), 'b'];
  const title = el(
    'p',
    { class: 'explain-title' },
    step === null ? 'Latest explained step' : el('span', {}, 'Step ', numberEl('explain-step', step, 'count')),
    ' · batch of ',
    numberEl('explain-size', e.size, 'count'),
    ' rows · lr ',
    numberEl('explain-lr', e.lr, 'short'),
  );

  // Forward pass and loss, one row per sample.
  const head = el(
    'tr',
    {},
    el('th', {}, 'i'),
    ...Array.from({ length: d }, (_, j) => el('th', {}, `x${sub(j + 1)}`)),
    el('th', {}, 'y'),
    el('th', {}, 'ŷ = x·w + b'),
    el('th', {}, 'ŷ − y'),
    el('th', {}, '(ŷ − y)²/2'),
  );
  const rows = e.y.slice(0, maxRows).map((y, i) =>
    el(
      'tr',
      {},
      el('td', { class: 'index' }, String(i + 1)),
      ...e.X[i].map((x) => el('td', {}, numberEl(undefined, x, 5))),
      el('td', {}, numberEl(`explain-y-${i}`, y, 5)),
      el('td', {}, numberEl(`explain-yhat-${i}`, e.yHat[i], 5)),
      el('td', {}, numberEl(`explain-residual-${i}`, e.residual[i], 5)),
      el('td', {}, numberEl(`explain-persample-${i}`, e.perSample[i], 5)),
    ),
  );
  const more = e.y.length > maxRows ? [el('tr', {}, el('td', { colspan: d + 5, class: 'note' }, `… ${e.y.length - maxRows} more rows`))] : [];
  const total = el(
    'tr',
    { class: 'total' },
    el('td', { colspan: d + 4 }, 'l = Σ (ŷ − y)²/2, where .backward() starts'),
    el('td', {}, numberEl('explain-loss-sum', e.lossSum, 5)),
  );
  const batch = el('table', { class: 'batch' }, el('thead', {}, head), el('tbody', {}, ...rows, ...more, total));

  // Gradients and the update, one row per parameter.
  const gradHead = el('tr', {}, el('th', {}, ''), el('th', {}, 'gradient of l'), el('th', {}, 'before'), el('th', {}, `− lr · grad / ${e.size}`), el('th', {}, 'after'));
  const grads = [...e.grad.w, e.grad.b];
  const before = [...e.before.w, e.before.b];
  const after = [...e.after.w, e.after.b];
  const gradRows = names.map((name, j) => {
    const id = j < d ? `w-${j}` : 'b';
    const formula = j < d ? `∂l/∂${name} = Σ x${sub(j + 1)}(ŷ − y) = ` : '∂l/∂b = Σ (ŷ − y) = ';
    return el(
      'tr',
      {},
      el('td', {}, el('span', { class: 'swatch', style: `background:${paramColour(j, d)}` }), name),
      el('td', {}, el('span', { class: 'formula' }, formula), numberEl(`explain-grad-${id}`, grads[j])),
      el('td', {}, numberEl(`explain-before-${id}`, before[j])),
      el('td', {}, numberEl(`explain-delta-${id}`, (-e.lr * grads[j]) / e.size)),
      el('td', {}, numberEl(`explain-after-${id}`, after[j])),
    );
  });
  const update = el('table', { class: 'update' }, el('thead', {}, gradHead), el('tbody', {}, ...gradRows));

  fill(
    root,
    title,
    el('h3', {}, 'Forward pass and loss'),
    el('div', { class: 'scroll' }, batch),
    el('h3', {}, 'Backward pass and SGD update'),
    el('p', { class: 'note' }, 'In vector form: ∂l/∂w = Xᵀ(ŷ − y), ∂l/∂b = Σ(ŷ − y), then p ← p − lr · ∂l/∂p / batch size.'),
    el('div', { class: 'scroll' }, update),
  );
}
