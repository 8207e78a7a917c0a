/**
 * The bytes of a block of events (stream field `b`, made by `EventBlock`): u32 LE header length, the header (UTF-8
 * JSON `{"shapes":[template, …],"runs":[shape, slot, count, …]}`), zero padding to a multiple of 8, then every
 * event's numbers as float64 LE in its shape's order. A template is an event with every number replaced by 0; a run
 * is that many events in a row of one shape whose entry ids have that slot (`<globalStep>-<slot>`). Decoding gives
 * back the same values, bit for bit (NaN, ±Infinity and -0 included, which JSON cannot carry).
 *
 * Streams written before blocks held other events have field `s` instead: one step template, then the steps'
 * numbers (`decodeStepBlock`).
 */
import type { StepEvent } from '@gradstream/events';
import { entryId, SLOT } from './entry-id.js';
import type { BlockEvent } from './event-block.js';
import { compileBuild, countNumbers } from './step-template.js';

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** A block before encoding: its shapes' templates, its runs (shape index, slot, count), and its numbers (a view of exactly their length). */
export interface BlockData {
  templates: string[];
  runs: number[];
  values: Float64Array;
}

/** An event of a block, with its own entry id. */
export interface BlockEntry {
  id: string;
  event: BlockEvent;
}

/**
 * @example
 * import { decodeBlock, encodeBlock } from './block-codec.js';
 * const bytes = encodeBlock({ templates: ['{"type":"step","globalStep":0,"loss":0}'], runs: [0, 2, 2], values: Float64Array.of(1, 0.5, 2, NaN) });
 * console.log(bytes.length, decodeBlock(bytes)); // 80 [ { id: '1-2', event: { type: 'step', globalStep: 1, loss: 0.5 } }, { id: '2-2', event: { type: 'step', globalStep: 2, loss: NaN } } ]
 */
export function encodeBlock({ templates, runs, values }: BlockData): Buffer {
  return withValues(`{"shapes":[${templates.join(',')}],"runs":[${runs.join(',')}]}`, values);
}

/** The events of a block written by `encodeBlock`, each with its entry id. */
export function decodeBlock(block: Buffer): BlockEntry[] {
  const { header, values } = split(block);
  const { shapes, runs } = JSON.parse(header) as { shapes: unknown[]; runs: number[] };
  const builds = shapes.map(compileBuild);
  const entries: BlockEntry[] = [];
  const at = { i: 0 };
  for (let r = 0; r + 2 < runs.length; r += 3) {
    const [shape, slot, count] = [runs[r]!, runs[r + 1]!, runs[r + 2]!];
    const build = builds[shape];
    if (build === undefined) throw new TypeError(`invalid block: run ${r / 3} names shape ${shape} of ${shapes.length}.`);
    for (let k = 0; k < count; k++) {
      const event = build(values, at) as BlockEvent;
      entries.push({ id: entryId(event.globalStep, slot), event });
    }
  }
  if (at.i !== values.length) throw new TypeError(`invalid block: its runs read ${at.i} of its ${values.length} numbers.`);
  return entries;
}

/** The steps of a block of field `s` (streams written before blocks held other events): one step template, then the numbers. */
export function decodeStepBlock(block: Buffer): BlockEntry[] {
  const { header, values } = split(block);
  const template: unknown = JSON.parse(header);
  const build = compileBuild(template);
  const perStep = countNumbers(template);
  const entries: BlockEntry[] = [];
  const at = { i: 0 };
  while (perStep > 0 && at.i < values.length) {
    const step = build(values, at) as StepEvent;
    entries.push({ id: entryId(step.globalStep, SLOT.step), event: step });
  }
  return entries;
}

/** u32 LE header length, the header, zero padding to a multiple of 8, the values as float64 LE. */
function withValues(header: string, values: Float64Array): Buffer {
  const head = Buffer.from(header, 'utf8');
  const offset = Math.ceil((4 + head.length) / 8) * 8;
  const out = Buffer.alloc(offset + values.length * 8);
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 4);
  // Little-endian, as the machines Node runs on are (split reads it back with readDoubleLE on any machine).
  if (LITTLE_ENDIAN) new Float64Array(out.buffer, out.byteOffset + offset, values.length).set(values);
  else for (let i = 0; i < values.length; i++) out.writeDoubleLE(values[i]!, offset + i * 8);
  return out;
}

function split(block: Buffer): { header: string; values: Float64Array } {
  const length = block.readUInt32LE(0);
  const offset = Math.ceil((4 + length) / 8) * 8;
  const values = new Float64Array((block.length - offset) / 8);
  for (let i = 0; i < values.length; i++) values[i] = block.readDoubleLE(offset + i * 8);
  return { header: block.toString('utf8', 4, 4 + length), values };
}
