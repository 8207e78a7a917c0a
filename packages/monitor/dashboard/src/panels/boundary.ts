/**
 * For a classifier on two features: the picture micrograd's demo draws — the plane coloured by the class the
 * model predicts at each point, with the data's sample on top coloured by its label — redrawn as the
 * parameters change, and the accuracy after each epoch beside it. The prediction is computed on the page from
 * the run's `model` spec and the latest step's `params` (`predictLabels` of @gradstream/events).
 *
 * Test ids: `boundary` (the canvas, with `data-version` bumped on every redraw), `accuracy` (the last epoch's).
 */
import { predictLabels, type ModelSpec, type RunEvent } from '@gradstream/events';
import type uPlot from 'uplot';
import { el, fill, numberEl } from '../dom.js';
import type { RunStore } from '../store.js';
import { axisValues, grid, legendValue, managedChart, type ManagedChart } from './chart.js';

/** Grid cells per side: 60² forward passes of a 2-16-16-1 MLP take ~2 ms here. */
const CELLS = 60;
const SIZE = 300;
const CLASS_COLOURS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#ca8a04', '#0891b2'];
/** The same hues, light, for the plane (opaque: overlapping translucent cells would draw a grid of seams). */
const PLANE_COLOURS = ['#c7d7fb', '#fbd5bd', '#c2e8cf', '#e3d1f8', '#f2e2ad', '#bde6ee'];

/** What the test hook reads: the predicted class of every grid cell as last drawn, and the accuracy shown. */
export interface BoundaryState {
  version: number;
  cells: number[] | null;
  accuracy: number | null;
}

/** A run the panel can draw: a classifier with two features and a data sample. */
export function drawsBoundary(run: RunEvent | null): run is RunEvent & { model: ModelSpec; sample: NonNullable<RunEvent['sample']> } {
  return !!run?.model && run.model.loss !== 'squared' && run.model.sizes[0] === 2 && !!run.sample && run.sample.X.length > 0;
}

export function boundaryPanel(card: HTMLElement, root: HTMLElement): { update(store: RunStore): void; readonly state: BoundaryState } {
  const state: BoundaryState = { version: 0, cells: null, accuracy: null };
  let builtFor: unknown;
  let canvas: HTMLCanvasElement | null = null;
  let accuracyText: HTMLElement | null = null;
  let chart: ManagedChart | null = null;
  let drawnParams: unknown;
  let drawnEpochs = -1;

  const build = (run: RunEvent | null) => {
    builtFor = run;
    card.hidden = !drawsBoundary(run);
    if (!drawsBoundary(run)) return;
    canvas = el('canvas', { width: String(SIZE), height: String(SIZE), class: 'boundary', 'data-testid': 'boundary', 'data-version': '0' });
    accuracyText = el('p', { class: 'accuracy-line' });
    const chartHost = el('div', { class: 'chart', 'data-testid': 'accuracy-chart' });
    fill(root, el('div', { class: 'boundary-row' }, canvas, el('div', {}, accuracyText, chartHost)));
    chart = managedChart(chartHost, {
      title: 'accuracy after each epoch',
      scales: { x: { time: false }, y: { range: [0, 1] } },
      axes: [{ label: 'epoch', values: axisValues, grid }, { label: 'accuracy', values: axisValues, size: 50, grid }],
      series: [{ label: 'epoch' }, { label: 'accuracy', stroke: '#db2777', width: 2, points: { show: true, size: 5 }, value: legendValue }],
    }, 200);
    drawnParams = undefined;
    drawnEpochs = -1;
  };

  return {
    state,
    update(store) {
      if (store.run !== builtFor) build(store.run);
      const run = store.run;
      if (!drawsBoundary(run) || !canvas) return;
      const params = store.latest?.params ?? run.params;
      if (params && params !== drawnParams) {
        drawnParams = params;
        state.cells = drawCells(canvas, run, params);
        canvas.dataset.version = String(++state.version);
      }
      const epochs = store.epochs.filter((e) => e.accuracy !== undefined);
      if (epochs.length !== drawnEpochs) {
        drawnEpochs = epochs.length;
        chart!.setData([epochs.map((e) => e.epoch), epochs.map((e) => e.accuracy!)] as uPlot.AlignedData);
        const last = epochs.at(-1);
        state.accuracy = last?.accuracy ?? null;
        fill(accuracyText!, last ? el('span', {}, `Accuracy over the data after epoch ${last.epoch}: `, numberEl('accuracy', last.accuracy! * 100, 'short'), '%') : 'Accuracy: after the first epoch.');
      }
    },
  };
}

/** Colours every grid cell by the predicted class, then the sample by label; returns the cells' classes. */
function drawCells(canvas: HTMLCanvasElement, run: RunEvent & { model: ModelSpec; sample: NonNullable<RunEvent['sample']> }, params: Record<string, number[]>): number[] {
  const { X, y } = run.sample;
  const [x0, x1, y0, y1] = bounds(X);
  const grid = new Float64Array(CELLS * CELLS * 2);
  for (let r = 0; r < CELLS; r++) {
    for (let c = 0; c < CELLS; c++) {
      grid[(r * CELLS + c) * 2] = x0 + ((c + 0.5) / CELLS) * (x1 - x0);
      grid[(r * CELLS + c) * 2 + 1] = y1 - ((r + 0.5) / CELLS) * (y1 - y0);
    }
  }
  const cells = predictLabels(run.model, params, grid, CELLS * CELLS);
  const ctx = canvas.getContext('2d')!;
  const cell = SIZE / CELLS;
  cells.forEach((k, i) => {
    ctx.fillStyle = colourOf(k, PLANE_COLOURS);
    ctx.fillRect((i % CELLS) * cell, Math.floor(i / CELLS) * cell, cell + 0.5, cell + 0.5);
  });
  X.forEach(([a, b], i) => {
    ctx.beginPath();
    ctx.arc(((a - x0) / (x1 - x0)) * SIZE, ((y1 - b) / (y1 - y0)) * SIZE, 4, 0, 2 * Math.PI);
    ctx.fillStyle = colourOf(y[i]);
    ctx.fill();
    // A dark ring keeps a point visible on the plane of its own class.
    ctx.lineWidth = 1.2;
    ctx.strokeStyle = '#111827';
    ctx.stroke();
  });
  return cells;
}

/** Hinge labels −1/+1 take the first two colours, like 0/1. */
const colourOf = (label: number, colours = CLASS_COLOURS) => colours[(label < 0 ? 0 : label) % colours.length];

/** The sample's extent, padded by 15% on each side. */
function bounds(X: number[][]): [number, number, number, number] {
  const xs = X.map((p) => p[0]);
  const ys = X.map((p) => p[1]);
  const pad = (lo: number, hi: number): [number, number] => [lo - (hi - lo) * 0.15 - 1e-9, hi + (hi - lo) * 0.15 + 1e-9];
  return [...pad(Math.min(...xs), Math.max(...xs)), ...pad(Math.min(...ys), Math.max(...ys))];
}
