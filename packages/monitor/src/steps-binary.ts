/**
 * The binary `steps` frame: the steps' numbers as float64s, which a client reads without parsing text
 * (parsing 17-digit decimals was most of a `steps` JSON frame's cost). Browser-safe.
 *
 * Layout, little-endian: a uint32 n, then n bytes of UTF-8 JSON `{ "fromSeq": s, "shape": SHAPE }` (padded
 * with spaces so that the values start on a multiple of 8 bytes), then the values of every step, row after
 * row, one float64 each. SHAPE lists the step's keys after `type`, in its order, as `[key, spec]` pairs; a
 * spec is `-1` for a number, `k ≥ 0` for an array of k numbers, a list of pairs for an object of such values
 * (a step's `params`, `norms`), or `-2` for a number that is a series: the same in every step of the frame
 * or one more each step (epoch, size, the step counters). Those are not in the rows: the header then also
 * holds `"count"` (the steps) and `"series"`, `{ key: [start, delta] }`, the key's value in row i being
 * `start + delta × i`. Every step of the frame has that shape. `null` and non-finite numbers travel as NaN
 * and are read back as `null`, and −0 as 0: exactly what JSON makes of them, so a decoded step equals the
 * one a v1 client parses.
 */
import { alignedHeader, asJson, decodeEventBinary } from './event-binary.js';
import type { EventFrame } from './protocol.js';

/** How a value is laid out: a number (-1), a number in the header's series (-2), an array of that many numbers, or an object's `[key, spec]` pairs. */
export type ValueShape = number | [string, ValueShape][];

/**
 * The shape of a value the binary frame can carry, or null (a string, a nested array, an explanation …).
 *
 * @example
 * import { shapeOf } from './steps-binary.js';
 * console.log(shapeOf(0.5), shapeOf([1, 2]), JSON.stringify(shapeOf({ w: [1, 2, 3], b: 0 })), shapeOf('text')); // -1 2 [["w",3],["b",-1]] null
 */
export function shapeOf(value: unknown): ValueShape | null {
  if (typeof value === 'number' || value === null) return -1;
  if (Array.isArray(value)) return value.every((x) => typeof x === 'number' || x === null) ? value.length : null;
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return null;
  const pairs: [string, ValueShape][] = [];
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (inner === undefined) continue;
    const spec = shapeOf(inner);
    if (spec === null || Array.isArray(spec)) return null; // one level of objects: params and norms
    pairs.push([key, spec]);
  }
  return pairs;
}

const width = (spec: ValueShape): number => (Array.isArray(spec) ? spec.reduce((n, [, s]) => n + width(s), 0) : spec === -1 ? 1 : spec === SERIES ? 0 : spec);

/** The spec of a number that is not in the rows: row i holds `start + delta × i` (the header's `series`). */
const SERIES = -2;

/**
 * The numbers of the steps that are a series — the same in every step (an epoch, a batch size) or one more
 * each step (the step counters) — as `{ key: [start, delta] }`; their spec in `shape` becomes `SERIES`.
 * Null when there are none (or a single step). Exact: every step's value is checked.
 */
function seriesOf(events: readonly object[], shape: [string, ValueShape][]): Record<string, [number, number]> | null {
  if (events.length < 2) return null;
  let series: Record<string, [number, number]> | null = null;
  for (const entry of shape) {
    if (entry[1] !== -1) continue;
    const key = entry[0];
    const start = (events[0] as Record<string, unknown>)[key];
    const next = (events[1] as Record<string, unknown>)[key];
    if (typeof start !== 'number' || typeof next !== 'number' || !Number.isFinite(start) || !Number.isFinite(next)) continue;
    const delta = next - start;
    if (delta !== 0 && delta !== 1) continue;
    if (!events.every((event, i) => (event as Record<string, unknown>)[key] === start + delta * i)) continue;
    (series ??= {})[key] = [start + 0, delta];
    entry[1] = SERIES;
  }
  return series;
}

/**
 * The binary frame for steps that share the first one's shape, or null when one of them has a value the
 * frame cannot carry or a different shape (the JSON `steps` frame carries those).
 *
 * @example
 * import { encodeStepsBinary } from './steps-binary.js';
 * const steps = [{ type: 'step', epoch: 1, step: 1, globalStep: 1, size: 10, loss: 0.5, w: [1, 2], b: 3, gradNorm: 0.1 }] as const;
 * const bytes = encodeStepsBinary(steps, ['epoch', 'step', 'globalStep', 'size', 'loss', 'w', 'b', 'gradNorm'], 1);
 * console.log(bytes?.length); // 200: 4 bytes of header length, a 123-byte header and a space, 9 float64s
 */
export function encodeStepsBinary(events: readonly object[], keys: readonly string[], fromSeq: number): Uint8Array | null {
  const first = events[0] as Record<string, unknown>;
  const shape: [string, ValueShape][] = [];
  for (const key of keys) {
    const spec = shapeOf(first[key]);
    if (spec === null) return null;
    shape.push([key, spec]);
  }
  const series = seriesOf(events, shape);
  const rowWidth = width(shape);
  if (rowWidth === 0 && series === null) return null;
  const header = alignedHeader(JSON.stringify(series === null ? { fromSeq, shape } : { fromSeq, shape, count: events.length, series }));
  const bytes = new Uint8Array(4 + header.length + events.length * rowWidth * 8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, header.length, true);
  bytes.set(header, 4);
  let at = 4 + header.length;
  const put = (value: unknown, spec: ValueShape): boolean => {
    if (spec === SERIES) return true; // in the header
    if (spec === -1) {
      if (typeof value !== 'number' && value !== null) return false;
      view.setFloat64(at, value ?? NaN, true);
      at += 8;
      return true;
    }
    if (Array.isArray(spec)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length !== spec.length) return false;
      return spec.every(([key, inner]) => put((value as Record<string, unknown>)[key], inner));
    }
    if (!Array.isArray(value) || value.length !== spec) return false;
    return value.every((x) => put(x, -1));
  };
  for (const event of events) {
    const record = event as Record<string, unknown>;
    if (!shape.every(([key, spec]) => put(record[key], spec))) return null;
  }
  return bytes;
}

/** Float64Array reads the platform's byte order: little-endian on every platform Node and browsers run on; checked once. */
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** The frame's values as float64s: in place when they start on a multiple of 8 bytes, else copied into an aligned buffer (a received frame may start at any byte). */
function valuesOf(bytes: Uint8Array, from: number): Float64Array {
  const start = bytes.byteOffset + from;
  if (LITTLE_ENDIAN && start % 8 === 0) return new Float64Array(bytes.buffer, start, (bytes.length - from) / 8); // aligned: read in place
  const copy = bytes.buffer.slice(bytes.byteOffset + from, bytes.byteOffset + bytes.length) as ArrayBuffer;
  if (LITTLE_ENDIAN) return new Float64Array(copy);
  const view = new DataView(copy);
  return Float64Array.from({ length: copy.byteLength / 8 }, (_, i) => view.getFloat64(i * 8, true));
}

/** The keys and specs of the last shape read: a client reads frame after frame of one shape. */
let lastPlan: { text: string; keys: string[]; specs: ValueShape[] } | null = null;

/**
 * The shape as parallel arrays for plain loops. The same key strings frame after frame make the
 * engine's property stores hit its caches: measured ~1.5–2× faster than keys fresh from each header.
 */
function planOf(shape: [string, ValueShape][]): { keys: string[]; specs: ValueShape[] } {
  const text = JSON.stringify(shape);
  if (lastPlan === null || lastPlan.text !== text) lastPlan = { text, keys: shape.map(([key]) => key), specs: shape.map(([, spec]) => spec) };
  return lastPlan;
}

/** A binary steps frame's header; `count` and `series` only when some numbers are a series. */
interface StepsHeader {
  fromSeq: number;
  shape: [string, ValueShape][];
  count: number;
  series?: Record<string, [number, number]>;
}

/** One decoder for every frame's header. */
const UTF8 = new TextDecoder();

/**
 * The step events of a binary `steps` frame, each with its `seq` (the objects a v1 client parses), or the
 * one event of a binary event frame (`event-binary.ts`). Throws
 * a `TypeError` naming what is wrong when the bytes are not such a frame.
 *
 * @example
 * import { decodeStepsBinary, encodeStepsBinary } from './steps-binary.js';
 * const bytes = encodeStepsBinary([{ type: 'step', epoch: 1, loss: NaN, w: [-0, 2] }], ['epoch', 'loss', 'w'], 5);
 * console.log(decodeStepsBinary(bytes!)); // [ { type: 'step', epoch: 1, loss: null, w: [ 0, 2 ], seq: 5 } ]
 */
export function decodeStepsBinary(data: ArrayBuffer | ArrayBufferView): EventFrame[] {
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = bytes.length >= 4 ? view.getUint32(0, true) : Infinity;
  if (4 + headerLength > bytes.length) throw new TypeError(`invalid binary steps frame. It must start with its header's length and header. Bytes: \`${bytes.length}\`.`);
  const header = JSON.parse(UTF8.decode(bytes.subarray(4, 4 + headerLength))) as StepsHeader | { event: unknown; sizes: number[] };
  if ('event' in header) {
    if ((bytes.length - 4 - headerLength) % 8 !== 0) throw new TypeError(`invalid binary event frame. Its body must be whole float64s. Value: \`${bytes.length - 4 - headerLength} bytes\`.`);
    return [decodeEventBinary(header, valuesOf(bytes, 4 + headerLength)) as unknown as EventFrame];
  }
  const { fromSeq, shape, series } = header;
  const rowBytes = Array.isArray(shape) ? width(shape) * 8 : 0;
  const body = bytes.length - 4 - headerLength;
  const count = series !== undefined ? header.count : rowBytes > 0 ? body / rowBytes : NaN;
  if (!Number.isInteger(fromSeq) || fromSeq < 1 || !Number.isInteger(count) || body !== count * rowBytes) {
    throw new TypeError(`invalid binary steps frame. Its body must be whole rows of ${rowBytes} bytes after a positive fromSeq. Value: \`${body} bytes from seq ${fromSeq}\`.`);
  }
  const values = valuesOf(bytes, 4 + headerLength);
  const { keys, specs } = planOf(shape);
  const starts = keys.map((key) => series?.[key]?.[0] ?? 0);
  const deltas = keys.map((key) => series?.[key]?.[1] ?? 0);
  let at = 0;
  const events = new Array<EventFrame>(count);
  for (let i = 0; i < events.length; i++) {
    const event: Record<string, unknown> = { type: 'step' };
    for (let k = 0; k < keys.length; k++) {
      const spec = specs[k];
      if (spec === -1) event[keys[k]] = asJson(values[at++]);
      else if (spec === SERIES) event[keys[k]] = starts[k] + deltas[k] * i;
      else if (typeof spec === 'number') {
        const list = new Array<number | null>(spec);
        for (let j = 0; j < spec; j++) list[j] = asJson(values[at++]);
        event[keys[k]] = list;
      } else {
        const record: Record<string, unknown> = {};
        for (const [name, inner] of spec) {
          if (inner === -1) record[name] = asJson(values[at++]);
          else {
            const list = new Array<number | null>(inner as number);
            for (let j = 0; j < (inner as number); j++) list[j] = asJson(values[at++]);
            record[name] = list;
          }
        }
        event[keys[k]] = record;
      }
    }
    event.seq = fromSeq + i;
    events[i] = event as unknown as EventFrame;
  }
  return events;
}
