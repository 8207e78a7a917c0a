/**
 * How numbers are written on the page: 6 significant digits, exponent notation for very small or
 * large magnitudes, and a real minus sign. Tests compare the page's text with this function.
 *
 * @example
 * import { formatNumber } from './format.js';
 * console.log(formatNumber(-3.399871234), formatNumber(4.5e-5)); // −3.39987 4.50000e−5
 */
export function formatNumber(x: number | null | undefined, digits = 6): string {
  if (x === null || x === undefined) return '–';
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  const s = a !== 0 && (a < 1e-3 || a >= 1e6) ? x.toExponential(digits - 1) : x.toPrecision(digits);
  return s.replace('e+', 'e').replace(/-/g, '−');
}

/**
 * A count (step, epoch, batch size) as a plain integer; non-integers fall back to `formatNumber`.
 *
 * @example
 * import { formatCount } from './format.js';
 * console.log(formatCount(300)); // 300
 */
export function formatCount(x: number | null | undefined): string {
  return typeof x === 'number' && Number.isInteger(x) ? String(x).replace('-', '−') : formatNumber(x);
}

/**
 * An axis tick: at most `digits` significant digits and no trailing zeros.
 *
 * @example
 * import { formatTick } from './format.js';
 * console.log(formatTick(100), formatTick(0.0001)); // 100 1e−4
 */
export function formatTick(x: number, digits = 3): string {
  const s = formatNumber(x, digits);
  const [mantissa, exponent] = s.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
}

/**
 * A duration given in milliseconds: in ms under a second, else in seconds (an epoch table of a long run read
 * `4954 ms, 9954 ms, 1.495e4 ms` when every value kept ms).
 *
 * @example
 * import { formatDuration } from './format.js';
 * console.log(formatDuration(4.2), formatDuration(954.4), formatDuration(14950)); // 4.20 ms 954 ms 14.95 s
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return formatNumber(ms);
  return Math.abs(ms) < 1000 ? `${formatNumber(ms, 3)} ms` : `${formatNumber(ms / 1000, 4)} s`;
}
