/** 10^0 … 10^22: every one is exactly a double, the range of Clinger's fast path. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
const TWO53 = 2 ** 53;

/** Where the last successful {@link scanNumber} stopped (the byte after the number). */
export const scanned = { end: 0 };

/**
 * Parses a number in JSON's grammar (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`) straight from bytes, starting at
 * `start` and reading no further than `end`, and sets `scanned.end` to the byte after it. Returns `NaN` when
 * this fast path cannot give the exact answer (a syntax outside that grammar, more than 2^53 as the digits'
 * integer, or a power of ten beyond 10^±22); the caller then falls back to `Number()` on the text.
It stops at the first byte that cannot continue the number (`0x10` scans as `0`, ending at `x`): the caller
checks that a delimiter follows.
 *
 * When it answers, the answer is the double `Number()` gives: the digits form an integer m < 2^53 (exact), and
 * m × 10^k or m / 10^k with |k| ≤ 22 is one correctly rounded operation on two exact doubles (Clinger, 1990).
 *
 * @param bytes - the buffer (UTF-8 or ASCII text)
 * @param start - index of the first byte of the number
 * @param end - index one past the last byte it may read
 *
 * @example
 * import { scanNumber, scanned } from './scan-number.js';
 * const bytes = new TextEncoder().encode('-12.5e-1,7');
 * console.log(scanNumber(bytes, 0, bytes.length), scanned.end); // -1.25 8
 * console.log(scanNumber(new TextEncoder().encode('.5'), 0, 2)); // NaN (not JSON's grammar: the caller falls back)
 */
export function scanNumber(bytes: Uint8Array, start: number, end: number): number {
  const stop = scanInto(bytes, start, end, one, 0);
  if (stop < 0) return NaN;
  scanned.end = stop;
  return one[0];
}

const one = new Float64Array(1);

/**
 * {@link scanNumber} for the row readers: writes the number into `out[at]` and returns the index after it, or
 * -1 when the fast path cannot give the exact answer (then `out[at]` is left as it was). The same grammar and
 * the same answers; no state outside its arguments, so a reader's loop keeps everything in registers.
 *
 * @example
 * import { scanInto } from './scan-number.js';
 * const out = new Float64Array(2);
 * const bytes = new TextEncoder().encode('3.25,1e-3');
 * console.log(scanInto(bytes, 0, bytes.length, out, 0), scanInto(bytes, 5, bytes.length, out, 1), out); // 4 9 Float64Array(2) [ 3.25, 0.001 ]
 */
export function scanInto(bytes: Uint8Array, start: number, end: number, out: Float64Array, at: number): number {
  // The common forms (no exponent) here, small enough for V8 to inline into the row readers; the rest in scanFull.
  let i = start;
  const negative = i < end && bytes[i] === 45; // '-'
  if (negative) i++;
  let m = 0;
  let c = i < end ? bytes[i] - 48 : -1;
  if (c === 0) i++;
  else if (c > 0 && c <= 9) for (; i < end && (c = bytes[i] - 48) >= 0 && c <= 9; i++) m = m * 10 + c;
  else return -1;
  let point = i;
  if (i < end && bytes[i] === 46) {
    point = ++i;
    for (; i < end && (c = bytes[i] - 48) >= 0 && c <= 9; i++) m = m * 10 + c;
    if (i === point) return -1;
  }
  if ((i < end && (bytes[i] | 32) === 101) || m >= TWO53 || point - i < -22) return scanFull(bytes, start, end, out, at);
  const value = point === i ? m : m / POW10[i - point];
  out[at] = negative ? -value : value;
  return i;
}

function scanFull(bytes: Uint8Array, start: number, end: number, out: Float64Array, at: number): number {
  let i = start;
  const negative = i < end && bytes[i] === 45; // '-'
  if (negative) i++;
  if (i >= end) return -1;
  let m = 0;
  let exponent = 0;
  let c = bytes[i] - 48;
  if (c === 0) i++;
  else if (c > 0 && c <= 9) {
    for (; i < end && (c = bytes[i] - 48) >= 0 && c <= 9; i++) m = m * 10 + c;
  } else return -1;
  if (i < end && bytes[i] === 46) {
    // '.': at least one digit must follow
    const first = ++i;
    for (; i < end && (c = bytes[i] - 48) >= 0 && c <= 9; i++) m = m * 10 + c;
    if (i === first) return -1;
    exponent = first - i;
  }
  if (i < end && (bytes[i] | 32) === 101) {
    // 'e' or 'E', an optional sign, at least one digit
    i++;
    const sign = i < end && bytes[i] === 45 ? -1 : 1;
    if (i < end && (bytes[i] === 45 || bytes[i] === 43)) i++;
    const first = i;
    let e = 0;
    for (; i < end && (c = bytes[i] - 48) >= 0 && c <= 9; i++) if (e < 100_000) e = e * 10 + c;
    if (i === first) return -1;
    exponent += sign * e;
  }
  let value: number;
  if (m === 0) value = 0;
  // More than 2^53 (which more than 16 significant digits always are): the digits were not all kept exactly.
  else if (m >= TWO53) return -1;
  else if (exponent === 0) value = m;
  else if (exponent < 0 && exponent >= -22) value = m / POW10[-exponent];
  else if (exponent > 0 && exponent <= 22) value = m * POW10[exponent];
  else return -1;
  out[at] = negative ? -value : value;
  return i;
}
