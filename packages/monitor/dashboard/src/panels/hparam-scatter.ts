/**
 * The final loss against each hyperparameter that differs between the runs: one small SVG scatter per
 * hyperparameter, a dot per run in its colour (log-scale loss; a log-scale x for a numeric value spanning
 * a decade or more, evenly spaced values otherwise). A run that failed or diverged has no final loss: it is
 * a cross on the "no loss" line above the chart. Clicking a dot selects its run.
 */
import { el, fill } from '../dom.js';
import { formatTick } from '../format.js';
import { hyperparameters, varying, type HyperName, type HyperValue } from '../hyperparameters.js';
import type { RunsStore } from '../runs-store.js';
import { decadeSplits, spacedLabels } from '../ticks.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 300;
const H = 190;
const PAD = { left: 56, right: 16, top: 38, bottom: 36 };
/** The line above the chart where runs without a final loss (failed, diverged) are marked. */
const NO_LOSS_Y = 12;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Position in [0, 1] of a value among the values of a hyperparameter. */
function xPosition(values: HyperValue[]): (v: HyperValue) => number {
  const nums = values.filter((v): v is number => typeof v === 'number');
  const min = Math.min(...nums);
  const max = Math.max(...nums);
  if (nums.length === values.length && min > 0 && max / min >= 10) return (v) => (Math.log10(v as number) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
  return (v) => (values.length === 1 ? 0.5 : values.indexOf(v) / (values.length - 1));
}

export interface HparamPanel {
  update(runs: RunsStore): void;
  /** Dots drawn (runs with a final loss), all charts together. */
  readonly points: number;
}

export function hparamPanel(root: HTMLElement, select: (id: string) => void): HparamPanel {
  const host = el('div', { class: 'hparam-charts', 'data-testid': 'hparam-charts' });
  root.append(host);
  let drawn = '';
  let points = 0;

  const chart = (name: HyperName, values: HyperValue[], runs: RunsStore, ids: string[]): SVGSVGElement => {
    const plot = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `final loss against ${name}`, 'data-testid': `hparam-${name.replace(' ', '-')}` });
    const losses = ids.map((id) => runs.summaries.get(id)!.finalLoss).filter((l): l is number => l !== null && l > 0);
    const lo = Math.log10(Math.min(...losses, 1));
    const hi = Math.log10(Math.max(...losses, 1e-3));
    const [y0, y1] = [Math.floor(lo), Math.max(Math.ceil(hi), Math.floor(lo) + 1)];
    // 6% inside each end, so a dot at the smallest or largest value sits clear of the axis and its labels.
    const px = (t: number) => PAD.left + (0.06 + 0.88 * t) * (W - PAD.left - PAD.right);
    const py = (loss: number) => H - PAD.bottom - ((Math.log10(loss) - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
    const x = xPosition(values);
    for (const tick of decadeSplits(10 ** y0, 10 ** y1, 5)) {
      plot.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: py(tick), y2: py(tick), class: 'grid' }), svg('text', { x: PAD.left - 6, y: py(tick) + 4, class: 'tick', 'text-anchor': 'end' }, formatTick(tick)));
    }
    for (const [at, label] of spacedLabels(values.map((v) => [px(x(v)), typeof v === 'number' ? formatTick(v) : v]))) {
      plot.append(svg('text', { x: at, y: H - PAD.bottom + 16, class: 'tick', 'text-anchor': 'middle' }, label));
    }
    plot.append(svg('text', { x: (PAD.left + W - PAD.right) / 2, y: H - 4, class: 'axis', 'text-anchor': 'middle' }, name), svg('text', { x: PAD.left - 6, y: NO_LOSS_Y + 4, class: 'tick', 'text-anchor': 'end' }, 'no loss'));
    // Runs that share a value are spread a little, so neither hides the other.
    const seen = new Map<string, number>();
    for (const id of ids) {
      const s = runs.summaries.get(id)!;
      const value = hyperparameters(s.config)[name];
      if (value === undefined) continue;
      const n = seen.get(String(value)) ?? 0;
      seen.set(String(value), n + 1);
      // Inside the plot: many runs of one value at an end spread past the padding (a selected dot was cut in half).
      const cx = Math.min(W - 7, Math.max(PAD.left + 7, px(x(value)) + (n % 2 === 0 ? 1 : -1) * Math.ceil(n / 2) * 5));
      const title = svg('title', {}, `${id}: final loss ${s.finalLoss ?? s.status}`);
      const colour = runs.colour(id);
      const mark =
        s.finalLoss !== null && s.finalLoss > 0
          ? svg('circle', { cx, cy: py(s.finalLoss), r: id === runs.selected ? 6.5 : 5, fill: colour, stroke: id === runs.selected ? '#1f2330' : '#fff', 'stroke-width': 1.5 })
          : svg('text', { x: cx, y: NO_LOSS_Y + 5, fill: colour, class: 'failed-mark', 'text-anchor': 'middle' }, s.status === 'live' ? '·' : '✕');
      if (mark.tagName === 'circle') points++;
      mark.append(title);
      mark.addEventListener('click', () => select(id));
      plot.append(mark);
    }
    return plot;
  };

  return {
    update(runs) {
      const ids = runs.shown();
      // Redrawn only when what it shows changed: a dot replaced under the pointer would swallow the click.
      const key = JSON.stringify([ids.map((id) => [runs.summaries.get(id), runs.colour(id)]), runs.selected]);
      if (key === drawn) return;
      drawn = key;
      points = 0;
      const hps = varying(ids.map((id) => runs.summaries.get(id)!));
      fill(host, ...[...hps].map(([name, values]) => chart(name, values, runs, ids)));
      if (ids.length === 0) fill(host, el('p', { class: 'empty' }, 'No run shown.'));
    },
    get points() {
      return points;
    },
  };
}
