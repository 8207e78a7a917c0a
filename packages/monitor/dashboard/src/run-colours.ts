/**
 * A colour per run, in the order runs appear: Tableau 10 first (colours a person tells apart), then, for a sweep of
 * more runs, hues a golden angle (137.5°) apart at two lightnesses, so no two runs share a colour. A grid of 12 runs
 * used to draw its 11th and 12th runs in the 1st and 2nd runs' colours, in the legend and on the overlaid curves.
 * DOM-free.
 *
 * @example
 * import { runColour } from './run-colours.js';
 * console.log(runColour(0), runColour(9), runColour(10), runColour(11)); // #4e79a7 #3f3f46 #d88b64 #2eb884
 */

/** Tableau 10. */
export const RUN_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#3f3f46'];

/** The colour of the run that appeared `index`-th (0-based), as `#rrggbb`. */
export function runColour(index: number): string {
  if (index < RUN_COLOURS.length) return RUN_COLOURS[index]!;
  const k = index - RUN_COLOURS.length;
  // Starting at an orange-brown hue, away from Tableau's first blue; the two lightnesses alternate so that hues a
  // full turn apart (runs ~25 apart) still differ.
  return hslHex((20 + k * 137.508) % 360, 60, k % 2 === 0 ? 62 : 45);
}

/** `#rrggbb` of hue `h` (degrees), saturation `s` and lightness `l` (percent): the CSS Color 4 formula. */
function hslHex(h: number, s: number, l: number): string {
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const channel = (n: number): string => {
    const k = (n + h / 30) % 12;
    const value = l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
