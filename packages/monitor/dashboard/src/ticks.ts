/**
 * Tick positions for a log axis: the powers of ten inside [min, max], thinned to at most `maxTicks`
 * (every 2nd, 3rd … decade) so a loss falling over 12 decades still gets readable labels. When the
 * range holds fewer than two powers of ten, 1-2-5 steps inside it instead.
 *
 * @example
 * import { decadeSplits } from './ticks.js';
 * console.log(decadeSplits(3e-5, 2)); // [ 0.0001, 0.001, 0.01, 0.1, 1 ]
 */
export function decadeSplits(min: number, max: number, maxTicks = 6): number[] {
  if (!(min > 0) || !(max > min) || !Number.isFinite(max)) return [];
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  if (hi - lo >= 1) {
    const every = Math.ceil((hi - lo + 1) / maxTicks);
    const out: number[] = [];
    for (let e = hi; e >= lo; e -= every) out.unshift(Number(`1e${e}`));
    return out;
  }
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * Number(`1e${e}`);
      if (v >= min && v <= max) out.push(v);
    }
  }
  return out;
}

/** A tick label's width in the chart's units, roughly (11 px text): enough to tell when two would overlap. */
const labelWidth = (label: string) => label.length * 6.6;

/**
 * The x labels that fit, left to right: a label that would overlap the last one kept is left out (its dots keep their
 * values in their titles). Five learning rates from 0.03 to 0.3 on a log axis read "0.03 0.05 0.10.2 .3" before.
 *
 * @example
 * import { spacedLabels } from './ticks.js';
 * console.log(spacedLabels([[100, '0.1'], [110, '0.2'], [140, '0.3']])); // [ [ 100, '0.1' ], [ 140, '0.3' ] ]
 */
export function spacedLabels(labels: readonly [number, string][]): [number, string][] {
  const kept: [number, string][] = [];
  for (const [at, label] of [...labels].sort((a, b) => a[0] - b[0])) {
    const last = kept.at(-1);
    if (last === undefined || at - last[0] >= (labelWidth(last[1]) + labelWidth(label)) / 2 + 4) kept.push([at, label]);
  }
  return kept;
}
