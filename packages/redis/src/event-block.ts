/**
 * Consecutive events of a run — its steps, and the explain and epoch events between them — collected as one block
 * (one stream entry, `block-codec.ts`): each event's numbers as float64 in its shape's order, and which shape and
 * entry-id slot each event has, as runs. Writing a number costs one store instead of JSON's digit formatting, and a
 * thousand events are one XADD instead of a thousand.
 *
 * Why explain and epoch events go in too: a run explains every 100 steps and ends an epoch every 100 steps (the
 * lesson over many epochs), and each such event used to close the block. A 30,000-step run then sent ~900 entries
 * instead of ~30, and its publishing thread used 26 ms of CPU a run instead of 8.5 (measured with the steps alone).
 */
import type { EpochEvent, ExplainEvent, StepEvent, TrainEvent } from '@gradstream/events';
import { encodeBlock, type BlockData } from './block-codec.js';
import type { BlockPool } from './block-pool.js';
import { entryId, SLOT } from './entry-id.js';
import { shapeOf, type StepShape } from './step-template.js';

/** The events a block holds; `run`, `done` and `error` are entries of their own. */
export type BlockEvent = StepEvent | ExplainEvent | EpochEvent;

/** Whether `event` goes in a block. */
export const inBlock = (event: TrainEvent): event is BlockEvent => event.type === 'step' || event.type === 'explain' || event.type === 'epoch';

/** A block's step numbers at most (1 MiB), unless its first step alone has more: a model of many parameters gets fewer steps a block, not larger entries. Explain and epoch events, written at the seal, come on top. */
export const BLOCK_NUMBERS = 131_072;

/**
 * @example
 * import { EventBlock } from './event-block.js';
 * import { decodeBlock } from './block-codec.js';
 * const step = (g: number) => ({ type: 'step', epoch: 1, step: g, globalStep: g, size: 10, loss: 1 / g, gradNorm: 1 }) as const;
 * const block = new EventBlock(step(1), 2);
 * block.add(step(2));
 * block.add({ type: 'epoch', epoch: 1, loss: 0.5, globalStep: 2, elapsedMs: 3 }, 4);
 * console.log(block.count, block.lastId, decodeBlock(block.encode()).map((e) => e.id)); // 3 2-4 [ '1-2', '2-2', '2-4' ]
 */
export class EventBlock {
  readonly count: number = 0;
  private readonly shapes: StepShape[] = [];
  /** Flat triples: shape index (−1 for an event kept as it came, until `seal`), slot, how many events in a row. */
  private readonly runs: number[] = [];
  /** The last run's slot, and its shape when it is a run of steps: the next step of that shape only adds to its count. */
  private shape: StepShape | undefined;
  private slot = -1;
  /** Events other than steps, kept as they came until `seal`: where their numbers go, and which run they are. */
  private late: { event: BlockEvent; at: number; run: number }[] = [];
  private lastEvent: BlockEvent | undefined;
  private readonly firstGlobalStep: number;
  private values: Float64Array;
  private length = 0;
  /** Numbers it may hold: `BLOCK_NUMBERS`, or its first step's when that has more. */
  private readonly limit: number;
  /** Where its numbers must stop: the array's end, or `limit` when that comes first. */
  private end: number;

  /**
   * A block that starts with `first` (entry-id slot `slot`) and takes up to `maxEvents` events. Its numbers go in an
   * array from `pool` (a new one without): room for 64 steps at first, or a whole free array, which at full speed is
   * a full block's, so it never grows.
   */
  constructor(first: BlockEvent, slot: number, private readonly pool?: BlockPool, private readonly maxEvents = 1000) {
    // A first step's shape is the block's step shape: the add below takes the hot path, with no second `shapeOf`.
    this.firstGlobalStep = first.globalStep;
    const shape = slot === SLOT.step ? shapeOf(first) : undefined;
    const perStep = shape ? Math.max(1, shape.perStep) : 16;
    this.limit = Math.max(BLOCK_NUMBERS, perStep);
    this.values = this.room(Math.min(this.limit, perStep * Math.min(64, maxEvents)));
    this.end = Math.min(this.values.length, this.limit);
    if (shape) {
      this.runs.push(this.indexOf(shape), slot, 0);
      this.shape = shape;
      this.slot = slot;
    }
    this.add(first, slot);
  }

  /**
   * Adds `event` (a step unless `slot` says otherwise) if the block has room; false otherwise (the block is as it was).
   * The trainer's hot path for a step after a step: one flatten into the block's numbers. Any other event is kept as
   * it came until `seal`, which runs between the trainer's slices: an explain event's flatten runs a few times a
   * run, too few for V8 to optimise it, and cost the 300-step lesson ~20 µs an event inside its only slice.
   */
  add(event: BlockEvent, slot: number = SLOT.step): boolean {
    if (this.count >= this.maxEvents) return false;
    if (slot === this.slot && slot === SLOT.step) {
      const shape = this.shape!;
      if (this.length + shape.perStep > this.end && !this.grow(shape.perStep)) return false;
      const written = shape.flatten(event, this.values, this.length);
      if (written >= 0) {
        this.length += written;
        (this as { count: number }).count++;
        this.runs[this.runs.length - 1]!++;
        this.lastEvent = event;
        return true;
      }
    }
    return slot === SLOT.step ? this.addRun(event, slot) : this.addLate(event, slot);
  }

  /** The id of the block's first event. */
  get firstId(): string {
    return entryId(this.firstGlobalStep, this.runs[1]!);
  }

  /** The id of the block's last event: the block's entry id. */
  get lastId(): string {
    return entryId(this.lastGlobalStep!, this.slot);
  }

  /** The last event's `globalStep`. */
  get lastGlobalStep(): number | undefined {
    return this.lastEvent?.globalStep;
  }

  /**
   * Writes the events kept as they came into the block's numbers, in their places (a new array: the steps' numbers
   * are copied around them). The publisher seals a block when a round-trip takes it.
   */
  seal(): void {
    if (this.late.length === 0) return;
    const shapes = this.late.map(({ event }) => shapeOf(event));
    const total = this.length + shapes.reduce((n, shape) => n + shape.perStep, 0);
    const out = this.room(total);
    let [from, to] = [0, 0];
    this.late.forEach(({ event, at, run }, k) => {
      out.set(this.values.subarray(from, at), to);
      to += at - from;
      from = at;
      to += shapes[k]!.flatten(event, out, to);
      this.runs[run] = this.indexOf(shapes[k]!);
    });
    out.set(this.values.subarray(from, this.length), to);
    this.pool?.give(this.values);
    this.values = out;
    this.length = total;
    this.end = Math.min(this.values.length, this.limit);
    this.late = [];
  }

  /** The templates, runs and numbers, unencoded (sealed first): what a publisher hands to the thread that encodes and sends them. */
  data(): BlockData {
    this.seal();
    return { templates: this.shapes.map((s) => s.template), runs: [...this.runs], values: this.values.subarray(0, this.length) };
  }

  /** The block's bytes (`encodeBlock`). */
  encode(): Buffer {
    return encodeBlock(this.data());
  }

  /**
   * Starts a run of steps of `event`'s shape. The shape this block last used for steps is tried first (a step after an
   * explain is most likely of the block's step shape), `shapeOf` only when it does not fit.
   */
  private addRun(event: BlockEvent, slot: number): boolean {
    let shape = this.shape;
    let written = -1;
    if (shape !== undefined) {
      if (this.length + shape.perStep > this.end && !this.grow(shape.perStep)) return false;
      written = shape.flatten(event, this.values, this.length);
    }
    if (written < 0) {
      shape = shapeOf(event);
      if (this.length + shape.perStep > this.end && !this.grow(shape.perStep)) return false;
      written = shape.flatten(event, this.values, this.length);
    }
    this.length += written;
    (this as { count: number }).count++;
    this.runs.push(this.indexOf(shape!), slot, 1);
    this.shape = shape!;
    this.slot = slot;
    this.lastEvent = event;
    return true;
  }

  /** Keeps `event` as it came, a run of its own, until `seal`. */
  private addLate(event: BlockEvent, slot: number): boolean {
    this.late.push({ event, at: this.length, run: this.runs.length });
    this.runs.push(-1, slot, 1);
    (this as { count: number }).count++;
    this.slot = slot;
    this.lastEvent = event;
    return true;
  }

  private indexOf(shape: StepShape): number {
    const index = this.shapes.indexOf(shape);
    return index < 0 ? this.shapes.push(shape) - 1 : index;
  }

  private room(length: number): Float64Array {
    return this.pool ? this.pool.take(length) : new Float64Array(length);
  }

  /** Room for `needed` more numbers: twice the array, at most `limit`; false when full. The old array goes back to the pool. */
  private grow(needed: number): boolean {
    if (this.length + needed > this.limit) return false;
    if (this.length + needed > this.values.length) {
      const grown = this.room(Math.min(this.limit, Math.max(this.length + needed, this.values.length * 2)));
      grown.set(this.values.subarray(0, this.length));
      this.pool?.give(this.values);
      this.values = grown;
    }
    this.end = Math.min(this.values.length, this.limit);
    return true;
  }
}
