import { scanInto } from './scan-number.js';

/** Where {@link csvFastRow} and {@link ndjsonFastRow} put the label of the row they parsed. */
export const rowLabel = new Float64Array(1);
const label = rowLabel;

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
 * Parses one CSV row of plain numbers starting at `start` (reading no further than `end`) into `x[offset …]`
 * (features, in order) and {@link rowLabel}, and returns where the row stopped: the index after its last cell
 * and the blanks after it, which the caller checks is the line's end (`end`, or a `\n`). Returns -1 when the
 * line is not of the simple kind (a quote, a bad cell, a wrong column count, a number the fast path cannot
 * parse exactly): the caller then parses the line's text the exact way, which also names the problem.
 *
 * @example
 * import { csvFastRow, rowLabel } from './fast-rows.js';
 * const x = new Float64Array(2);
 * const line = new TextEncoder().encode('1.5, -2,3e2\n');
 * console.log(csvFastRow(line, 0, line.length, x, 0, { columns: 3, labelIndex: 1 }), rowLabel[0], x); // 11 -2 Float64Array(2) [ 1.5, 300 ]
 */
export function csvFastRow(bytes: Uint8Array, start: number, end: number, x: Float64Array, offset: number, layout: RowLayout): number {
  const { columns, labelIndex } = layout;
  const last = columns - 1;
  let i = start;
  for (let k = 0, j = offset; k < columns; k++) {
    const isLabel = k === labelIndex;
    i = scanInto(bytes, skipBlanks(bytes, i, end), end, isLabel ? label : x, isLabel ? 0 : j++);
    if (i < 0) return -1;
    i = skipBlanks(bytes, i, end);
    if (k < last) {
      if (i >= end || bytes[i] !== 44) return -1; // ','
      i++;
    }
  }
  return i;
}

/**
 * Parses one NDJSON row of the canonical form `{"a":1,"b":2,"y":3}` (the first line's keys in its order, no
 * spaces) starting at `start` into `x[offset …]` and {@link rowLabel}, and returns the index after the `}` and
 * the blanks after it (as {@link csvFastRow} does), or -1 when the line is of another form: the caller then parses
 * it with `JSON.parse`, which accepts any valid form and names any problem.
 *
 * @example
 * import { ndjsonFastRow, rowLabel } from './fast-rows.js';
 * const enc = new TextEncoder();
 * const layout = { columns: 2, labelIndex: 1, keys: [enc.encode('"a":'), enc.encode('"y":')] };
 * const x = new Float64Array(1);
 * const line = enc.encode('{"a":0.25,"y":-1}');
 * console.log(ndjsonFastRow(line, 0, line.length, x, 0, layout), rowLabel[0], x); // 17 -1 Float64Array(1) [ 0.25 ]
 */
export function ndjsonFastRow(bytes: Uint8Array, start: number, end: number, x: Float64Array, offset: number, layout: RowLayout): number {
  const { columns, labelIndex } = layout;
  const keys = layout.keys as Uint8Array[];
  let i = start;
  if (i >= end || bytes[i] !== 123) return -1; // '{'
  i++;
  for (let k = 0, j = offset; k < columns; k++) {
    const key = keys[k];
    if (i + key.length > end) return -1;
    for (let b = 0; b < key.length; b++) if (bytes[i + b] !== key[b]) return -1;
    i += key.length;
    const isLabel = k === labelIndex;
    i = scanInto(bytes, i, end, isLabel ? label : x, isLabel ? 0 : j++);
    if (i < 0 || i >= end || bytes[i] !== (k < columns - 1 ? 44 : 125)) return -1; // ',' or '}'
    i++;
  }
  return skipBlanks(bytes, i, end);
}
