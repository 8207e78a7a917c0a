/**
 * The events a publisher has not yet stored, already in the form they are stored in: each non-step event as JSON,
 * consecutive steps folded into an open block as they arrive (`StepBlock`), so a queued step keeps only its
 * numbers and the trainer's event objects die young. `take(max)` seals the items of the next round-trip;
 * `commands(top)` turns them into XADDs, leaving out what the stream already has (ids at or below `top`).
 */
import type { StepEvent, TrainEvent } from '@gradstream/events';
import { compareIds, stepId } from './entry-id.js';
import { decodeSteps, StepBlock } from './step-codec.js';

interface Item {
  /** Events in the item. */
  count: number;
  firstId: string;
  lastId: string;
  json?: string;
  block?: StepBlock;
  /** A value to SET (a checkpoint), in order with the events: count 0. */
  set?: string;
  /** Taken for a round-trip: nothing more is added to it. */
  sealed?: boolean;
}

/** One XADD — entry id, field (`e` event JSON, `s` block of steps), value, the events it holds — or a SET (field `set`). */
export interface Command {
  id: string;
  field: 'e' | 's' | 'set';
  value: string | Buffer;
  count: number;
}

export class PublishQueue {
  /** Events queued and not yet taken off by `done`. */
  pending = 0;
  private items: Item[] = [];
  private head = 0;

  constructor(private readonly blockMax: number) {}

  push(id: string, event: TrainEvent): void {
    this.pending++;
    const tail = this.items[this.items.length - 1];
    if (event.type === 'step') {
      if (tail?.block && !tail.sealed && tail.count < this.blockMax && tail.block.add(event)) {
        tail.count++;
        tail.lastId = id;
        return;
      }
      this.items.push({ count: 1, firstId: id, lastId: id, block: new StepBlock(event) });
      return;
    }
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

  /** Seals the next items, up to `max` events (at least one item). */
  take(max: number): Item[] {
    const taken: Item[] = [];
    let events = 0;
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i]!;
      if (taken.length > 0 && events + item.count > max) break;
      item.sealed = true;
      taken.push(item);
      events += item.count;
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
        commands.push({ id: item.lastId, field: 's', value: block.encode(), count: fresh.length });
      } else {
        commands.push({ id: item.lastId, field: 's', value: item.block!.encode(), count: item.count });
      }
    }
    return { commands, skipped };
  }
}
