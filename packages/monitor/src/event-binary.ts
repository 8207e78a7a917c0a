/**
 * The binary form of an event that is not a step (a `run` event with its data sample, an explanation),
 * for clients that connect with `?batch=1`. Browser-safe: the dashboard decodes it through `decodeSteps`.
 *
 * Parsing 17-digit decimals is most of what `JSON.parse` costs on such an event. So the event's arrays of
 * numbers (and arrays of equal-length arrays of numbers: a sample's rows) travel as float64s, and the rest
 * as JSON with a 0 where each array was. Layout, like the binary `steps` frame (`steps-binary.ts`), little-
 * endian: a uint32 n, n bytes of UTF-8 JSON `{ "event": SKELETON, "packed": [[PATH, ROWS, COLS], …] }`, then
 * the float64 values of the packed arrays in that order. PATH is the keys and indexes from the event to the
 * array; COLS is -1 for a flat array of ROWS numbers. `null` and non-finite numbers travel as NaN and come
 * back as `null`, −0 as 0: a decoded event equals the frame a v1 client parses.
 */

/** Where a packed array sits in the event, its length and (for an array of rows) its row length, else -1. */
export type PackedArray = [path: (string | number)[], rows: number, cols: number];

/** Fewest packed numbers for which the binary form pays; an event with fewer goes out as JSON. */
const MIN_PACKED_VALUES = 16;

/**
 * A number as `JSON.parse(JSON.stringify(x))` gives it back: null for NaN and ±Infinity, 0 for −0.
 *
 * @example
 * import { asJson } from './event-binary.js';
 * console.log(asJson(NaN), asJson(-0), asJson(0.5)); // null 0 0.5
 */
export const asJson = (x: number): number | null => (Number.isFinite(x) ? x + 0 : null); // x + 0 turns −0 into 0

const isNumbers = (value: unknown[]): boolean => value.length > 0 && value.every((x) => typeof x === 'number' || x === null);

function isRows(value: unknown[]): boolean {
  const first = value[0];
  if (!Array.isArray(first) || !isNumbers(first)) return false;
  return value.every((row) => Array.isArray(row) && row.length === first.length && isNumbers(row));
}

/** The skeleton of `value` (its arrays of numbers replaced by 0), recording those arrays in `packed` and their numbers in `values`. */
function skeleton(value: unknown, path: (string | number)[], packed: PackedArray[], values: number[]): unknown {
  if (Array.isArray(value)) {
    if (isNumbers(value)) {
      packed.push([path, value.length, -1]);
      for (const x of value) values.push(x ?? NaN);
      return 0;
    }
    if (isRows(value)) {
      packed.push([path, value.length, (value[0] as unknown[]).length]);
      for (const row of value as (number | null)[][]) for (const x of row) values.push(x ?? NaN);
      return 0;
    }
    return value.map((item, i) => skeleton(item ?? null, [...path, i], packed, values));
  }
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (inner !== undefined) out[key] = skeleton(inner, [...path, key], packed, values);
  return out;
}

/**
 * The binary frame of an event frame (the event with its `seq`), or null when it holds fewer than
 * `MIN_PACKED_VALUES` numbers in arrays (JSON costs it no more).
 *
 * @example
 * import { encodeEventBinary, decodeEventBinary } from './event-binary.js';
 * const frame = { type: 'run', sample: { X: Array.from({ length: 8 }, (_, i) => [i, -i]), y: [1, 2] }, seq: 1 };
 * const bytes = encodeEventBinary(frame)!;
 * const header = new TextDecoder().decode(bytes.subarray(4, 4 + new DataView(bytes.buffer).getUint32(0, true)));
 * const back = decodeEventBinary(JSON.parse(header), new Float64Array(bytes.buffer.slice(bytes.length - 18 * 8)));
 * console.log(JSON.stringify(back) === JSON.stringify(frame)); // true
 */
export function encodeEventBinary(frame: object): Uint8Array | null {
  const packed: PackedArray[] = [];
  const values: number[] = [];
  const event = skeleton(frame, [], packed, values);
  if (values.length < MIN_PACKED_VALUES) return null;
  const header = new TextEncoder().encode(JSON.stringify({ event, packed }));
  const bytes = new Uint8Array(4 + header.length + values.length * 8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, header.length, true);
  bytes.set(header, 4);
  let at = 4 + header.length;
  for (const x of values) {
    view.setFloat64(at, x, true);
    at += 8;
  }
  return bytes;
}

/**
 * The event frame of a binary event frame, from its parsed header and its values (see the layout above).
 * Throws a `TypeError` naming what is wrong when they do not fit.
 *
 * @example
 * import { decodeEventBinary } from './event-binary.js';
 * const header = { event: { type: 'epoch', w: 0, seq: 3 }, packed: [[['w'], 2, -1]] };
 * console.log(decodeEventBinary(header, new Float64Array([1, -0]))); // { type: 'epoch', w: [ 1, 0 ], seq: 3 }
 */
export function decodeEventBinary(header: { event: unknown; packed: PackedArray[] }, values: Float64Array): Record<string, unknown> {
  const { event, packed } = header;
  if (typeof event !== 'object' || event === null || !Array.isArray(packed)) throw new TypeError('invalid binary event frame. Its header must hold an event object and a packed list.');
  const needed = packed.reduce((n, [, rows, cols]) => n + rows * (cols < 0 ? 1 : cols), 0);
  if (needed !== values.length) throw new TypeError(`invalid binary event frame. Its body must hold the ${needed} packed numbers. Value: \`${values.length} numbers\`.`);
  let at = 0;
  const list = (n: number) => {
    const out = new Array<number | null>(n);
    for (let j = 0; j < n; j++) out[j] = asJson(values[at++]);
    return out;
  };
  for (const [path, rows, cols] of packed) {
    let parent = event as Record<string | number, unknown>;
    for (let p = 0; p < path.length - 1; p++) parent = parent[path[p]] as Record<string | number, unknown>;
    if (cols < 0) parent[path[path.length - 1]] = list(rows);
    else {
      const matrix = new Array<(number | null)[]>(rows);
      for (let r = 0; r < rows; r++) matrix[r] = list(cols);
      parent[path[path.length - 1]] = matrix;
    }
  }
  return event as Record<string, unknown>;
}
