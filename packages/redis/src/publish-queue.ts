/**
 * The events a publisher has not yet stored. Steps, and the explain and epoch events between them, are folded into
 * an open block as they arrive (`EventBlock`, at most `blockMax` events), so a queued event keeps only its numbers
 * and the trainer's event objects die young; `run`, `done` and `error` are entries of their own, made JSON when their
 * round-trip is sent. A step costs the trainer's thread one flatten and no string: a block's entry id is made when
 * it is taken. `take(max)` seals the next round-trip's items, at most `max` entries; `commands(top)` turns them into
 * XADDs, leaving out what the stream already has (ids at or below `top`).
 */
import type { StepEvent, TrainEvent } from '@gradstream/events';
import { decodeBlock } from './block-codec.js';
import { processBlockPool } from './block-pool.js';
import { compareIds, entryId, SLOT, slotOf } from './entry-id.js';
import { EventBlock, inBlock, type BlockEvent } from './event-block.js';
import type { Command } from './publish-channel.js';

interface Item {
  /** Events in the item (a block's: counted when it is taken). */
  count: number;
  /** The ids of its first and last events, set when the item is taken (strings are made off the trainer's slice). */
  firstId: string;
  lastId: string;
  /** A `run`, `done` or `error` event, made JSON when its round-trip is sent, and where its entry id puts it. */
  event?: TrainEvent;
  globalStep?: number;
  slot?: number;
  block?: EventBlock;
  /** A value to SET (a checkpoint), in order with the events: count 0. */
  set?: string;
}

export class PublishQueue {
  /** Events queued and not yet taken off by `done`. */
  pending = 0;
  private items: Item[] = [];
  private head = 0;
  /** The block events go into, until a round-trip takes it or an event of its own entry comes. */
  private open: EventBlock | undefined;
  /** The last block started: it holds the last step queued. */
  private lastBlock: EventBlock | undefined;

  /**
   * Where blocks get their arrays: the publisher gives back the arrays of blocks sent. One pool for the process, so
   * a run's first blocks reuse the arrays of the runs before it (a new SharedArrayBuffer of a block's size measured
   * ~40 µs, as much as flattening ~400 steps).
   */
  readonly pool = processBlockPool;

  constructor(private readonly blockMax: number) {}

  /**
   * Queues a step: into the open block if it has room, else into a new block. The trainer's hot path: one flatten,
   * no string, no other read of the step.
   */
  pushStep(step: StepEvent): void {
    this.pending++;
    const open = this.open;
    if (open !== undefined && open.add(step)) return;
    this.startBlock(step, SLOT.step);
  }

  /**
   * Queues an event of any other type at entry id `<globalStep>-<slot>`: an explain or epoch event into the open
   * block, a `run`, `done` or `error` event as its own entry, made JSON when its round-trip is sent, off the trainer's
   * emitting loop (a `run` event with its data sample measured ~75 µs): events are not changed once emitted.
   */
  push(event: TrainEvent, globalStep: number, slot: number): void {
    if (event.type === 'step') return this.pushStep(event);
    this.pending++;
    if (inBlock(event)) {
      if (this.open === undefined || !this.open.add(event, slot)) this.startBlock(event, slot);
      return;
    }
    this.open = undefined;
    this.items.push({ count: 1, firstId: '', lastId: '', event, globalStep, slot });
  }

  private startBlock(first: BlockEvent, slot: number): void {
    const block = new EventBlock(first, slot, this.pool, this.blockMax);
    this.open = this.lastBlock = block;
    this.items.push({ count: 0, firstId: '', lastId: '', block });
  }

  /** The global step of the last step queued, if any. */
  get lastGlobalStep(): number | undefined {
    return this.lastBlock?.lastGlobalStep;
  }

  /** Whether nothing is queued (events or values to SET). */
  get empty(): boolean {
    return this.head >= this.items.length;
  }

  /** Queues a value to SET once every event queued before it is stored. */
  pushSet(value: string): void {
    this.open = undefined;
    this.items.push({ count: 0, firstId: '', lastId: '', set: value });
  }

  /** Seals the next items, at most `max` of them (entries; a block of steps is one). */
  take(max: number): Item[] {
    const taken = this.items.slice(this.head, this.head + max);
    for (const item of taken) {
      if (item.set !== undefined) continue;
      if (!item.block) {
        item.firstId = item.lastId = entryId(item.globalStep!, item.slot!);
        continue;
      }
      if (item.block === this.open) this.open = undefined; // sealed: the next step starts a block
      item.count = item.block.count;
      item.firstId = item.block.firstId;
      item.lastId = item.block.lastId;
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
      } else if (item.event !== undefined) {
        commands.push({ id: item.lastId, field: 'e', value: JSON.stringify(item.event), count: 1 });
      } else if (top !== undefined && compareIds(item.firstId, top) <= 0) {
        // A block that starts at or below the stream's top (a resumed run's first steps): only its new events go.
        const fresh = decodeBlock(item.block!.encode()).filter((e) => compareIds(e.id, top) > 0);
        const block = new EventBlock(fresh[0]!.event, slotOf(fresh[0]!.id), undefined, fresh.length);
        for (const e of fresh.slice(1)) block.add(e.event, slotOf(e.id));
        skipped += item.count - fresh.length;
        commands.push({ id: item.lastId, field: 'b', value: block.data(), count: fresh.length });
      } else {
        commands.push({ id: item.lastId, field: 'b', value: item.block!.data(), count: item.count });
      }
    }
    return { commands, skipped };
  }
}
