/**
 * A uPlot chart that follows its container's width, keeps the user's zoom while data streams in,
 * and returns to the full view on double-click. A step chart takes its x range from the page's shared
 * `StepView`: a drag zooms every step chart, a double-click shows the whole run in all of them.
 */
import uPlot from 'uplot';
import { formatNumber, formatTick } from '../format.js';
import type { StepView } from '../step-view.js';
import { decadeSplits } from '../ticks.js';

export interface ManagedChart {
  plot: uPlot;
  /**
   * Replaces the data. With `x` (a step chart) the x-axis shows exactly that range; without, it
   * follows the data unless the user has zoomed in.
   */
  setData(data: uPlot.AlignedData, x?: [number, number]): void;
}

/**
 * @example
 * // not run: needs a page (uPlot draws on a canvas in a DOM element)
 * const c = managedChart(div, { series: [{}, { label: 'loss' }] }, 240);
 * c.setData([[1, 2, 3], [0.5, 0.2, 0.1]]);
 */
export function managedChart(container: HTMLElement, options: Omit<uPlot.Options, 'width' | 'height'>, height: number, steps?: StepView): ManagedChart {
  if (steps) return stepChart(container, options, height, steps);
  let zoomed = false;
  const plot = widthFollowingPlot(container, options, height, (u) => {
    if (u.select.width > 0) zoomed = true;
  });
  plot.over.addEventListener('dblclick', () => {
    zoomed = false;
  });
  return {
    plot,
    setData(data) {
      plot.setData(data, !zoomed);
    },
  };
}

// The selection becomes the shared view (uPlot does not zoom by itself), and uPlot's own
// double-click (which would fit the data, not the run) gives way to the view's reset.
function stepChart(container: HTMLElement, options: Omit<uPlot.Options, 'width' | 'height'>, height: number, steps: StepView): ManagedChart {
  const cursor = { ...options.cursor, drag: { x: true, y: false, setScale: false }, bind: { dblclick: () => null } };
  const plot = widthFollowingPlot(container, { ...options, cursor }, height, (u) => {
    if (u.select.width <= 0) return;
    const from = u.posToVal(u.select.left, 'x');
    const to = u.posToVal(u.select.left + u.select.width, 'x');
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    steps.zoomTo(from, to);
  });
  plot.over.addEventListener('dblclick', () => steps.reset());
  return {
    plot,
    setData(data, x) {
      plot.batch(() => {
        plot.setData(data, x === undefined);
        if (x) plot.setScale('x', { min: x[0], max: x[1] });
      });
    },
  };
}

/** A uPlot in `container` that follows the container's width, calling `onSelect` after the options' own select hooks. */
function widthFollowingPlot(container: HTMLElement, options: Omit<uPlot.Options, 'width' | 'height'>, height: number, onSelect: (u: uPlot) => void): uPlot {
  const resize = new ResizeObserver(() => {
    const width = Math.max(200, container.clientWidth);
    if (width !== plot.width) plot.setSize({ width, height });
  });
  const plot = new uPlot(
    {
      ...options,
      width: Math.max(200, container.clientWidth),
      height,
      hooks: {
        ...options.hooks,
        setSelect: [...(options.hooks?.setSelect ?? []), onSelect],
        destroy: [...(options.hooks?.destroy ?? []), () => resize.disconnect()],
      },
    },
    options.series.map(() => []) as unknown as uPlot.AlignedData,
    container,
  );
  resize.observe(container);
  return plot;
}

/** A legend / axis value formatter using the page's number format. */
export const legendValue = (_u: uPlot, v: number | null): string => (v === null || v === undefined ? '–' : formatNumber(v, 5));

/** Axis tick labels: short, with a real minus sign. */
export const axisValues = (_u: uPlot, ticks: number[]): string[] => ticks.map((t) => formatTick(t));

/** Light grid lines, so the data stays in front. */
export const grid = { stroke: 'rgba(16, 24, 40, 0.07)', width: 1 };

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/**
 * A log y scale whose range stays within 1e−15…1e15: a diverging run's 1e300 losses would
 * otherwise leave uPlot no tick increment and the axis blank; the curve simply leaves the chart.
 */
export const logScale: uPlot.Scale = {
  distr: 3,
  range: (_u, min, max) => {
    const lo = clamp(min ?? 1e-3, 1e-15, 1e14);
    return uPlot.rangeLog(lo, clamp(max ?? 1, lo * 10, 1e15), 10, true);
  },
};

/** A linear y scale kept within ±1e6 for the same reason (diverged parameters reach 1e150). */
export const boundedScale: uPlot.Scale = {
  range: (_u, min, max) => {
    const lo = clamp(min ?? 0, -1e6, 1e6);
    const hi = clamp(max ?? 1, -1e6, 1e6);
    return uPlot.rangeNum(lo, hi > lo ? hi : lo + 1, 0.1, true);
  },
};

/** A log-scale y axis: one labelled tick per power of ten (uPlot's default labels every minor tick). */
export function logAxis(label: string): uPlot.Axis {
  return {
    label,
    size: 64,
    grid,
    // About one label per 30 CSS pixels of plot height.
    splits: (u, _axis, min, max) => decadeSplits(min, max, Math.max(2, Math.floor(u.bbox.height / devicePixelRatio / 30))),
    // uPlot's default log filter blanks every other label; ours are already thinned.
    filter: (_u, splits) => splits,
    values: axisValues,
  };
}
