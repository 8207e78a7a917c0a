/**
 * Consecutive `step` events of one shape as one binary block: the first step as a JSON template, then every
 * step's numbers as float64, in the template's order. Writing a number costs one store instead of JSON's
 * digit formatting, and a block of a thousand steps is one stream entry instead of a thousand, which is what
 * keeps publishing every step cheap next to training. Decoding gives back the same values, bit for bit
 * (NaN and ±Infinity included, which JSON cannot carry).
 *
 * Layout: u32 LE template length, the template (UTF-8 JSON), zero padding to a multiple of 8, float64 LE values.
 */
import type { StepEvent } from '@gradstream/events';
import { compileBuild, countNumbers, flattenerFor, type Flatten } from './step-template.js';

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** A block before encoding: its template and its steps' numbers (a view of exactly their length). */
export interface BlockData {
  template: string;
  values: Float64Array;
}

/**
 * Gives out float64 arrays for blocks and takes back those of blocks already stored, so a publisher at full
 * speed allocates none. They are SharedArrayBuffers: the publishing thread reads a block where the trainer's
 * thread wrote it. Transferring ArrayBuffers there and back instead measured twice the full collections on the
 * trainer's thread (each transfer counts as new external memory).
 */
export class BlockPool {
  private free: Float64Array[] = [];

  take(length: number): Float64Array {
    for (let i = this.free.length - 1; i >= 0; i--) {
      if (this.free[i]!.length >= length) return this.free.splice(i, 1)[0]!.subarray(0, length);
    }
    return new Float64Array(new SharedArrayBuffer(length * 8));
  }

  give(values: Float64Array): void {
    // A few round-trips' worth: more would only hold memory a burst once needed.
    if (values.buffer instanceof SharedArrayBuffer && this.free.length < 64) this.free.push(new Float64Array(values.buffer));
  }
}

/** The pool the publishers of this process share. */
export const processBlockPool = new BlockPool();

/** Collects steps of one shape, the first given to the constructor; `add` refuses a step of another shape (start a new block for it). */
export class StepBlock {
  readonly count: number = 0;
  private readonly flatten: Flatten;
  private readonly template: string;
  private values: Float64Array;
  private length = 0;
  private readonly perStep: number;

  /**
   * A block that starts with `first`. Given the block before it (full), a step of the same shape reuses that
   * block's template and flattener instead of making them again (~90 µs a block, as much as flattening 1,000
   * steps), and its numbers go in an array of the full block's size from `pool`.
   */
  constructor(first: StepEvent, previous?: StepBlock, pool?: BlockPool) {
    const values = previous ? (pool?.take(previous.values.length) ?? new Float64Array(previous.values.length)) : undefined;
    if (previous && values && previous.flatten(first, values, 0) >= 0) {
      ({ template: this.template, flatten: this.flatten, perStep: this.perStep } = previous);
      this.values = values;
      this.length = this.perStep;
      this.count = 1;
      return;
    }
    if (values) pool?.give(values);
    // A non-finite number would become null in the template: the template only gives the shape.
    this.template = JSON.stringify(first, (_k, v: unknown) => (typeof v === 'number' ? 0 : v));
    ({ flatten: this.flatten, perStep: this.perStep } = flattenerFor(this.template));
    this.values = new Float64Array(Math.max(1, this.perStep) * 64);
    this.add(first);
  }

  add(step: StepEvent): boolean {
    if (this.length + this.perStep > this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    const written = this.flatten(step, this.values, this.length);
    if (written < 0) return false;
    this.length += written;
    (this as { count: number }).count++;
    return true;
  }

  /** The template and the numbers, unencoded: what a publisher hands to the thread that encodes and sends them. */
  data(): BlockData {
    return { template: this.template, values: this.values.subarray(0, this.length) };
  }

  encode(): Buffer {
    return encodeBlock(this.data());
  }
}

/** A block's bytes: u32 LE template length, the template, zero padding to a multiple of 8, float64 LE values. */
export function encodeBlock({ template, values }: BlockData): Buffer {
  const header = Buffer.from(template, 'utf8');
  const offset = Math.ceil((4 + header.length) / 8) * 8;
  const out = Buffer.alloc(offset + values.length * 8);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  // Little-endian, as the machines Node runs on are (decodeSteps reads it back with readDoubleLE on any machine).
  if (LITTLE_ENDIAN) new Float64Array(out.buffer, out.byteOffset + offset, values.length).set(values);
  else for (let i = 0; i < values.length; i++) out.writeDoubleLE(values[i]!, offset + i * 8);
  return out;
}

/** The steps of a block written by `StepBlock.encode`. */
export function decodeSteps(block: Buffer): StepEvent[] {
  const length = block.readUInt32LE(0);
  const template: unknown = JSON.parse(block.toString('utf8', 4, 4 + length));
  const offset = Math.ceil((4 + length) / 8) * 8;
  const values = new Float64Array((block.length - offset) / 8);
  for (let i = 0; i < values.length; i++) values[i] = block.readDoubleLE(offset + i * 8);
  const build = compileBuild(template);
  const perStep = countNumbers(template);
  const steps: StepEvent[] = [];
  const at = { i: 0 };
  while (perStep > 0 && at.i < values.length) steps.push(build(values, at) as StepEvent);
  return steps;
}
