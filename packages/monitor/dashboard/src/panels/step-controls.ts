/**
 * The step charts' view controls, each an explicit choice: pan left and right (half the view's
 * width), follow the latest steps, and the whole run. Dragging on a chart zooms; double-clicking
 * returns to the whole run. The controls show which view is on.
 */
import { el } from '../dom.js';
import type { StepView } from '../step-view.js';

/**
 * @param current - the range on screen now (a followed view pans from where it is)
 *
 * @example
 * // not run: needs the dashboard page (DOM)
 * root.append(stepControls(view, () => chart.view));
 */
export function stepControls(view: StepView, current: () => [number, number] | null): HTMLElement {
  const left = el('button', { type: 'button', 'data-testid': 'pan-left', title: 'Show earlier steps (half a view)' }, '◀');
  const right = el('button', { type: 'button', 'data-testid': 'pan-right', title: 'Show later steps (half a view)' }, '▶');
  const follow = el('input', { type: 'checkbox', 'data-testid': 'follow-latest' });
  const whole = el('button', { type: 'button', 'data-testid': 'whole-run', title: 'Show every step from 1 to the end of the run' }, 'whole run');
  const hint = el('span', { class: 'hint' }, 'drag to zoom · double-click for the whole run');
  const bar = el('div', { class: 'step-controls', 'data-testid': 'step-controls' }, left, right, el('label', { class: 'follow' }, follow, ' follow latest'), whole, hint);

  const show = () => {
    bar.dataset.mode = view.mode;
    follow.checked = view.mode === 'follow';
    left.disabled = right.disabled = view.mode === 'whole';
    whole.disabled = view.mode === 'whole';
  };
  left.addEventListener('click', () => view.pan(-0.5, current() ?? undefined));
  right.addEventListener('click', () => view.pan(0.5, current() ?? undefined));
  follow.addEventListener('change', () => view.follow(follow.checked));
  whole.addEventListener('click', () => view.reset());
  view.onChange(show);
  show();
  return bar;
}
