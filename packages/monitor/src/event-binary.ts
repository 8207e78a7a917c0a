/**
 * The binary form of an event that is not a step but holds many numbers in arrays (a `run` event with its data sample),
 * for clients that connect with `?batch=1`. Browser-safe: the dashboard decodes it through `decodeSteps`.
 *
 * Parsing 17-digit decimals is most of what `JSON.parse` costs on such an event. So the event's arrays of
 * numbers (and arrays of equal-length arrays of numbers: a sample's rows) travel as float64s, and the rest
 * as JSON. Layout, like the binary `steps` frame (`steps-binary.ts`), little-endian: a uint32 n, n bytes of
 * UTF-8 JSON `{ "event": SKELETON, "sizes": [ROWS, COLS, ROWS, COLS, …] }` (padded with spaces so that the
 * values start on a multiple of 8 bytes), then the float64s of the packed arrays. In SKELETON each packed
 * array is a `[-0]` (`JSON.stringify` never writes `-0`; an array, so the decoded object's field holds an
 * array as in a v1 frame, and V8 does not re-shape its objects); the packed arrays follow the order of the JSON text,
 * each with its ROWS and COLS (-1 for a flat array of ROWS numbers). `null` and non-finite numbers travel
 * as NaN and come back as `null`, −0 as 0: a decoded event equals the frame a v1 client parses.
 */

/**
 * Fewest packed numbers for which the binary form pays; an event with fewer goes out as JSON. Measured
 * (BENCHMARKS.md W4): the lesson's `run` event (600 numbers in its data sample) decodes ~4× faster binary,
 * in Node and in Chromium; an explanation (~150 numbers in ~25 short arrays) decoded faster in Node but
 * slower in Chromium, whose `JSON.parse` is fast and whose page slowed down as a whole when they came binary.
 */
const MIN_PACKED_VALUES = 256;

/** What stands for a packed array in the skeleton until the text is written (then `[-0]`). No JSON string of an event holds U+0000 (such an event stays JSON). */
const MARK = '\u0000packed';
const MARK_JSON = JSON.stringify(MARK);

/**
 * A frame's JSON header as UTF-8, padded with spaces so that its float64s, after the 4-byte length and
 * the header, start on a multiple of 8 bytes: a reader whose bytes start aligned (a browser's ArrayBuffer)
 * reads them in place instead of copying them.
 *
 * @example
 * import { alignedHeader } from './event-binary.js';
 * console.log(alignedHeader('{"a":1}').length); // 12
 */
export function alignedHeader(json: string): Uint8Array {
  const bytes = new TextEncoder().encode(json);
  const padding = (8 - ((4 + bytes.length) % 8)) % 8;
  if (padding === 0) return bytes;
  const padded = new Uint8Array(bytes.length + padding).fill(0x20);
  padded.set(bytes);
  return padded;
}

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

/** What the skeleton is built from: the sizes and numbers of the packed arrays so far, and whether a string forbids the binary form. */
interface Packing {
  sizes: number[];
  values: number[];
  refused: boolean;
}

/** The skeleton of `value`: its arrays of numbers replaced by `MARK`, their sizes and numbers recorded in `into`. */
function skeleton(value: unknown, into: Packing): unknown {
  if (Array.isArray(value)) {
    if (isNumbers(value)) {
      into.sizes.push(value.length, -1);
      for (const x of value) into.values.push(x ?? NaN);
      return MARK;
    }
    if (isRows(value)) {
      into.sizes.push(value.length, (value[0] as unknown[]).length);
      for (const row of value as (number | null)[][]) for (const x of row) into.values.push(x ?? NaN);
      return MARK;
    }
    return value.map((item) => skeleton(item ?? null, into));
  }
  if (typeof value === 'string' && value.includes('\u0000')) into.refused = true;
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) into.refused = true;
    if (inner !== undefined) out[key] = skeleton(inner, into);
  }
  return out;
}

/**
 * The binary frame of an event frame (the event with its `seq`), or null when it holds fewer than
 * `MIN_PACKED_VALUES` numbers in arrays (below that, binary did not pay: see there).
 *
 * @example
 * import { encodeEventBinary, decodeEventBinary } from './event-binary.js';
 * const frame = { type: 'run', sample: { X: Array.from({ length: 128 }, (_, i) => [i / 3, -i]), y: [1, 2] }, seq: 1 };
 * const bytes = encodeEventBinary(frame)!;
 * const header = new TextDecoder().decode(bytes.subarray(4, 4 + new DataView(bytes.buffer).getUint32(0, true)));
 * const back = decodeEventBinary(JSON.parse(header), new Float64Array(bytes.buffer.slice(bytes.length - 258 * 8)));
 * console.log(JSON.stringify(back) === JSON.stringify(frame)); // true
 */
export function encodeEventBinary(frame: object): Uint8Array | null {
  const into: Packing = { sizes: [], values: [], refused: false };
  const event = skeleton(frame, into);
  const { sizes, values } = into;
  if (into.refused || values.length < MIN_PACKED_VALUES) return null;
  const header = alignedHeader(JSON.stringify({ event, sizes }).replaceAll(MARK_JSON, '[-0]'));
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
 * const header = JSON.parse('{ "event": { "type": "epoch", "w": [-0], "seq": 3 }, "sizes": [2, -1] }');
 * console.log(decodeEventBinary(header, new Float64Array([1, -0]))); // { type: 'epoch', w: [ 1, 0 ], seq: 3 }
 */
export function decodeEventBinary(header: { event: unknown; sizes: number[] }, values: Float64Array): Record<string, unknown> {
  const { event, sizes } = header;
  if (typeof event !== 'object' || event === null || !Array.isArray(sizes)) throw new TypeError('invalid binary event frame. Its header must hold an event object and a sizes list.');
  let needed = 0;
  for (let i = 0; i < sizes.length; i += 2) needed += sizes[i] * (sizes[i + 1] < 0 ? 1 : sizes[i + 1]);
  if (needed !== values.length) throw new TypeError(`invalid binary event frame. Its body must hold the ${needed} packed numbers. Value: \`${values.length} numbers\`.`);
  const cursor = { at: 0, size: 0 };
  const list = (n: number) => {
    const out = new Array<number | null>(n);
    for (let j = 0; j < n; j++) out[j] = asJson(values[cursor.at++]);
    return out;
  };
  const unpack = (): unknown => {
    const rows = sizes[cursor.size++];
    const cols = sizes[cursor.size++];
    if (rows === undefined) throw new TypeError('invalid binary event frame. Its skeleton has more packed arrays than its sizes list.');
    if (cols < 0) return list(rows);
    const matrix = new Array<(number | null)[]>(rows);
    for (let r = 0; r < rows; r++) matrix[r] = list(cols);
    return matrix;
  };
  // Depth first, in the order of the JSON text: the order the packed arrays were written in.
  const fill = (node: Record<string | number, unknown>): void => {
    for (const key in node) {
      const value = node[key];
      if (typeof value !== 'object' || value === null) continue;
      if (Array.isArray(value) && value.length === 1 && Object.is(value[0], -0)) node[key] = unpack();
      else fill(value as Record<string | number, unknown>);
    }
  };
  fill(event as Record<string, unknown>);
  return event as Record<string, unknown>;
}
