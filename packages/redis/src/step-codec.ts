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
import { compileBuild, countNumbers, shapeOf, type StepShape } from './step-template.js';

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

  /** An array of at least `length` numbers: a free one (whole, perhaps longer), else a new one of that length. */
  take(length: number): Float64Array {
    for (let i = this.free.length - 1; i >= 0; i--) {
      if (this.free[i]!.length >= length) return this.free.splice(i, 1)[0]!;
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

/** A block's numbers at most (1 MiB): a model of many parameters gets fewer steps a block, not larger entries. */
const BLOCK_NUMBERS = 131_072;

/** `wanted` steps, fewer where steps of `perStep` numbers would pass `BLOCK_NUMBERS`; at least one. */
function blockCapacity(wanted: number, perStep: number): number {
  return Math.max(1, Math.min(wanted, Math.floor(BLOCK_NUMBERS / Math.max(1, perStep))));
}

/** Collects steps of one shape, the first given to the constructor; `add` refuses a step of another shape (start a new block for it). */
export class StepBlock {
  readonly count: number = 0;
  private readonly shape: StepShape;
  private values: Float64Array;
  private length = 0;
  /** Steps it takes at most. */
  readonly capacity: number;

  /**
   * A block that starts with `first` and takes up to `capacity` steps (`add` refuses more). Its shape is one this
   * process met before when the step fits it (`shapeOf`), so a block costs no template. Its numbers go in an array
   * from `pool` (a new one without): room for 64 steps at first, or a whole free array, which at full speed is a
   * full block's, so it never grows.
   */
  constructor(first: StepEvent, private readonly pool?: BlockPool, capacity = 1000) {
    this.shape = shapeOf(first);
    const perStep = this.shape.perStep;
    this.capacity = blockCapacity(capacity, perStep);
    this.values = this.room(Math.max(1, perStep) * Math.min(64, this.capacity));
    this.add(first);
  }

  /** Adds `step` if the block has room and the step has its shape; false otherwise (the block is as it was). */
  add(step: StepEvent): boolean {
    if (this.count >= this.capacity) return false;
    if (this.length + this.shape.perStep > this.values.length) this.grow();
    const written = this.shape.flatten(step, this.values, this.length);
    if (written < 0) return false;
    this.length += written;
    (this as { count: number }).count++;
    return true;
  }

  /** The last step's `globalStep`, read back from the block's numbers. */
  get lastGlobalStep(): number | undefined {
    const { stepAt, perStep } = this.shape;
    return stepAt < 0 || this.count === 0 ? undefined : this.values[this.length - perStep + stepAt];
  }

  private room(length: number): Float64Array {
    return this.pool ? this.pool.take(length) : new Float64Array(length);
  }

  /** Twice the room (at most `capacity` steps); the old array goes back to the pool. */
  private grow(): void {
    const grown = this.room(Math.min(this.capacity, Math.max(1, this.count) * 2) * Math.max(1, this.shape.perStep));
    grown.set(this.values.subarray(0, this.length));
    this.pool?.give(this.values);
    this.values = grown;
  }

  /** The template and the numbers, unencoded: what a publisher hands to the thread that encodes and sends them. */
  data(): BlockData {
    return { template: this.shape.template, values: this.values.subarray(0, this.length) };
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
