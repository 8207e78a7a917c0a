/**
 * One scatter plot per feature (feature against label) with the current model's prediction drawn
 * through it; the line moves as training runs.
 */
import type uPlot from 'uplot';
import { el, fill, palette, sub } from '../dom.js';
import { featureScatter, predictionLine, type FeatureScatter } from '../scatter-data.js';
import type { RunStore } from '../store.js';
import { axisValues, grid, legendValue, managedChart, type ManagedChart } from './chart.js';

const maxCharts = 3;

export function scatterPanel(root: HTMLElement): { update(store: RunStore): void } {
  let runKey: unknown = undefined;
  let plots: { j: number; data: FeatureScatter; chart: ManagedChart }[] = [];
  let drawnVersion = -1;

  const build = (store: RunStore) => {
    for (const p of plots) p.chart.plot.destroy();
    plots = [];
    const sample = store.run?.sample;
    const model = store.run?.model;
    const card = root.closest('section');
    if (card) card.hidden = false;
    if (model && model.kind !== 'linear' && store.run?.w === undefined) {
      // The prediction line is linear regression's; a classifier's picture is the decision boundary instead.
      if (model.loss !== 'squared' && card) card.hidden = true;
      fill(root, el('p', { class: 'empty' }, `${model.name}: its prediction is not a line; the loss and parameter charts follow it.`));
      return;
    }
    if (!sample || sample.X.length === 0) {
      fill(root, el('p', { class: 'empty' }, store.run ? 'This run carries no data sample: its rows were streamed (a file or stdin), not held in memory.' : 'Waiting for the run…'));
      return;
    }
    fill(root);
    const d = sample.X[0].length;
    for (let j = 0; j < Math.min(d, maxCharts); j++) {
      const host = el('div', { class: 'chart scatter', 'data-testid': `scatter-${j}` });
      root.append(host);
      const data = featureScatter(sample, j);
      const lo = Math.min(...data.y);
      const hi = Math.max(...data.y);
      const pad = (hi - lo) * 0.08 || 1;
      const yRange: [number, number] = [lo - pad, hi + pad];
      const chart = managedChart(
        host,
        {
          title: `y against x${sub(j + 1)}`,
          // The labels fix the y range, so the cloud stays put while the prediction line moves (or shoots off when a run diverges).
          scales: { x: { time: false }, y: { range: () => yRange } },
          axes: [{ label: `x${sub(j + 1)}`, values: axisValues, grid }, { label: 'y', values: axisValues, size: 50, grid }],
          series: [
            { label: `x${sub(j + 1)}`, value: legendValue },
            { label: 'y', stroke: palette.data, width: 0, paths: () => null, points: { show: true, size: 4, fill: palette.data, stroke: palette.data }, value: legendValue },
            { label: 'prediction ŷ', stroke: palette.prediction, width: 2.5, points: { show: false }, value: legendValue },
          ],
          cursor: { drag: { x: true, y: false } },
        },
        280,
      );
      plots.push({ j, data, chart });
    }
    if (d > maxCharts) root.append(el('p', { class: 'note' }, `Showing the first ${maxCharts} of ${d} features.`));
    if (d > 1) root.append(el('p', { class: 'note' }, 'The prediction line holds the other features at their sample mean.'));
  };

  return {
    update(store) {
      if (store.version === drawnVersion) return;
      drawnVersion = store.version;
      const key = store.run ? store.run.startedAt : null;
      if (key !== runKey) {
        runKey = key;
        build(store);
      }
      const w = store.latest?.w ?? store.run?.w;
      const b = store.latest?.b ?? store.run?.b;
      for (const { j, data, chart } of plots) {
        const line = w && b !== undefined ? predictionLine(data.x, j, w, b, data.means) : data.x.map(() => null);
        chart.setData([data.x, data.y, line] as uPlot.AlignedData);
      }
    },
  };
}
