import { scanInto } from './scan-number.js';

/** Where a row reader scans the label before returning it. */
const label = new Float64Array(1);

/** A row layout for the byte-level fast paths: the number of columns and which one is the label. */
export interface RowLayout {
  /** Columns in the line (features + 1). */
  columns: number;
  /** Position of the label among the columns. */
  labelIndex: number;
  /** NDJSON only: each column's `"name":` as UTF-8 bytes, in the line's key order. */
  keys?: Uint8Array[];
}

/** Skips ASCII spaces and tabs (what `String.prototype.trim` would remove around a plain number). */
function skipBlanks(bytes: Uint8Array, i: number, end: number): number {
  while (i < end && (bytes[i] === 32 || bytes[i] === 9)) i++;
  return i;
}

/**
 * Parses one CSV line of plain numbers from bytes `[start, end)` into `x[offset …]` (features, in order) and returns the
 * label, or `NaN` when the line is not of the simple kind (a quote, a bad cell, a wrong column count, a number
 * the fast path cannot parse exactly): the caller then parses the line's text the exact way, which also
 * names the problem.
 *
 * @example
 * import { csvFastRow } from './fast-rows.js';
 * const x = new Float64Array(2);
 * const line = new TextEncoder().encode('1.5, -2,3e2');
 * console.log(csvFastRow(line, 0, line.length, x, 0, { columns: 3, labelIndex: 1 }), x); // -2 Float64Array(2) [ 1.5, 300 ]
 */
export function csvFastRow(bytes: Uint8Array, start: number, end: number, x: Float64Array, offset: number, layout: RowLayout): number {
  const { columns, labelIndex } = layout;
  const last = columns - 1;
  let i = start;
  for (let k = 0, j = offset; k < columns; k++) {
    const isLabel = k === labelIndex;
    i = scanInto(bytes, skipBlanks(bytes, i, end), end, isLabel ? label : x, isLabel ? 0 : j++);
    if (i < 0) return NaN;
    i = skipBlanks(bytes, i, end);
    if (k < last) {
      if (i >= end || bytes[i] !== 44) return NaN; // ','
      i++;
    } else if (i !== end) return NaN;
  }
  return label[0];
}

/**
 * Parses one NDJSON line of the canonical form `{"a":1,"b":2,"y":3}` (the first line's keys in its order, no
 * spaces) from bytes `[start, end)` into `x[offset …]` and returns the label, or `NaN` when the line is of another form:
 * the caller then parses it with `JSON.parse`, which accepts any valid form and names any problem.
 *
 * @example
 * import { ndjsonFastRow } from './fast-rows.js';
 * const enc = new TextEncoder();
 * const layout = { columns: 2, labelIndex: 1, keys: [enc.encode('"a":'), enc.encode('"y":')] };
 * const x = new Float64Array(1);
 * const line = enc.encode('{"a":0.25,"y":-1}');
 * console.log(ndjsonFastRow(line, 0, line.length, x, 0, layout), x); // -1 Float64Array(1) [ 0.25 ]
 */
export function ndjsonFastRow(bytes: Uint8Array, start: number, end: number, x: Float64Array, offset: number, layout: RowLayout): number {
  const { columns, labelIndex } = layout;
  const keys = layout.keys as Uint8Array[];
  let i = start;
  if (i >= end || bytes[i] !== 123) return NaN; // '{'
  i++;
  for (let k = 0, j = offset; k < columns; k++) {
    const key = keys[k];
    if (i + key.length > end) return NaN;
    for (let b = 0; b < key.length; b++) if (bytes[i + b] !== key[b]) return NaN;
    i += key.length;
    const isLabel = k === labelIndex;
    i = scanInto(bytes, i, end, isLabel ? label : x, isLabel ? 0 : j++);
    if (i < 0 || i >= end || bytes[i] !== (k < columns - 1 ? 44 : 125)) return NaN; // ',' or '}'
    i++;
  }
  return skipBlanks(bytes, i, end) === end ? label[0] : NaN;
}
