/**
 * The events a publisher has not yet stored, already in the form they are stored in: each non-step event as JSON,
 * consecutive steps folded into an open block as they arrive (`StepBlock`, at most `blockMax` steps), so a queued
 * step keeps only its numbers and the trainer's event objects die young. A step costs the trainer's thread one
 * flatten and no string: a block's entry id is made when it is taken. `take(max)` seals the next round-trip's
 * items, at most `max` entries; `commands(top)` turns them into XADDs, leaving out what the stream already has
 * (ids at or below `top`).
 */
import type { StepEvent, TrainEvent } from '@gradstream/events';
import { compareIds, stepId } from './entry-id.js';
import type { Command } from './publish-channel.js';
import { decodeSteps, processBlockPool, StepBlock } from './step-codec.js';

interface Item {
  /** Events in the item. */
  count: number;
  firstId: string;
  /** Set when the item is queued, or (a block of steps) when it is taken. */
  lastId: string;
  /** A block's last global step. */
  lastStep?: number;
  json?: string;
  block?: StepBlock;
  /** A value to SET (a checkpoint), in order with the events: count 0. */
  set?: string;
  /** Taken for a round-trip: nothing more is added to it. */
  sealed?: boolean;
}

export class PublishQueue {
  /** Events queued and not yet taken off by `done`. */
  pending = 0;
  private items: Item[] = [];
  private head = 0;

  /**
   * Where blocks get their arrays: the publisher gives back the arrays of blocks sent. One pool for the process, so
   * a run's first blocks reuse the arrays of the runs before it (a new SharedArrayBuffer of a block's size measured
   * ~40 µs, as much as flattening ~400 steps).
   */
  readonly pool = processBlockPool;

  constructor(private readonly blockMax: number) {}

  /** Queues a step: into the open block if it has room and the step's shape, else into a new block. */
  pushStep(step: StepEvent): void {
    this.pending++;
    const tail = this.items[this.items.length - 1];
    if (tail?.block && !tail.sealed && tail.count < this.blockMax && tail.block.add(step)) {
      tail.count++;
      tail.lastStep = step.globalStep;
      return;
    }
    const id = stepId(step.globalStep);
    const block = tail?.block && tail.count >= this.blockMax ? new StepBlock(step, tail.block, this.pool) : new StepBlock(step);
    this.items.push({ count: 1, firstId: id, lastId: id, lastStep: step.globalStep, block });
  }

  /** Queues an event of any other type, as JSON, under entry id `id`. */
  push(id: string, event: TrainEvent): void {
    if (event.type === 'step') return this.pushStep(event);
    this.pending++;
    this.items.push({ count: 1, firstId: id, lastId: id, json: JSON.stringify(event) });
  }

  /** Whether nothing is queued (events or values to SET). */
  get empty(): boolean {
    return this.head >= this.items.length;
  }

  /** Queues a value to SET once every event queued before it is stored. */
  pushSet(value: string): void {
    this.items.push({ count: 0, firstId: '', lastId: '', set: value });
  }

  /** Seals the next items, at most `max` of them (entries; a block of steps is one). */
  take(max: number): Item[] {
    const taken = this.items.slice(this.head, this.head + max);
    for (const item of taken) {
      item.sealed = true;
      if (item.block) item.lastId = stepId(item.lastStep!);
    }
    return taken;
  }

  /** Removes items taken by `take` once they are stored (or found stored). */
  done(items: Item[]): void {
    this.head += items.length;
    for (const item of items) this.pending -= item.count;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** The XADDs for `items`, and how many of their events the stream already has (ids at or below `top`). */
  static commands(items: Item[], top: string | undefined): { commands: Command[]; skipped: number } {
    const commands: Command[] = [];
    let skipped = 0;
    for (const item of items) {
      if (item.set !== undefined) {
        commands.push({ id: '', field: 'set', value: item.set, count: 0 });
      } else if (top !== undefined && compareIds(item.lastId, top) <= 0) {
        skipped += item.count;
      } else if (item.json !== undefined) {
        commands.push({ id: item.lastId, field: 'e', value: item.json, count: 1 });
      } else if (top !== undefined && compareIds(item.firstId, top) <= 0) {
        // A block that starts at or below the stream's top (a resumed run's first steps): only its new steps go.
        const fresh = decodeSteps(item.block!.encode()).filter((s) => compareIds(stepId(s.globalStep), top) > 0);
        const block = new StepBlock(fresh[0] as StepEvent);
        for (const s of fresh.slice(1)) block.add(s);
        skipped += item.count - fresh.length;
        commands.push({ id: item.lastId, field: 's', value: block.data(), count: fresh.length });
      } else {
        commands.push({ id: item.lastId, field: 's', value: item.block!.data(), count: item.count });
      }
    }
    return { commands, skipped };
  }
}
