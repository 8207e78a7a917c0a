import { isInterruption, toTrainEvent, type TrainEvent } from '@gradstream/events';
import { decodeBlock, decodeStepBlock } from './block-codec.js';
import { compareIds } from './entry-id.js';
import type { StreamEntry } from './stream-follower.js';

/** An event read back, with the id it was published under (an event in a block: its own, `<globalStep>-<slot>`). */
export interface StoredEvent {
  id: string;
  event: TrainEvent;
}

/**
 * The events a run stream's entry holds: field `e`, one event as JSON; field `b`, a block of events (`block-codec.ts`);
 * or field `s`, a block of steps, as streams written before blocks held other events have.
 */
export function entryEvents(entry: StreamEntry): StoredEvent[] {
  const where = `Redis stream ${entry.key} entry ${entry.id}`;
  for (let i = 0; i + 1 < entry.fields.length; i += 2) {
    const name = entry.fields[i]!.toString();
    const value = entry.fields[i + 1]!;
    if (name === 'e') return [{ id: entry.id, event: toTrainEvent(JSON.parse(value.toString('utf8')), where) }];
    if (name === 'b' || name === 's') return (name === 'b' ? decodeBlock : decodeStepBlock)(value).map(({ id, event }) => ({ id, event: toTrainEvent(event, where) }));
  }
  throw new TypeError(`invalid ${where}. It must have a field e (an event as JSON), b (a block of events) or s (a block of steps).`);
}

/** Passes each run's events on once: an event whose id is not after the last one passed on is dropped (two publishers of one run at once). */
export class OncePerRun {
  private readonly last = new Map<string, string>();

  accept(key: string, id: string): boolean {
    const before = this.last.get(key);
    if (before !== undefined && compareIds(id, before) <= 0) return false;
    this.last.set(key, id);
    return true;
  }
}

/**
 * Whether nothing follows this event in its run: `done`, or an `error` other than an interruption. A run stopped by a
 * signal (`interrupted by Ctrl-C after N steps`) may be resumed from its checkpoint and go on in the same stream.
 */
export const endsRun = (event: TrainEvent): boolean => event.type === 'done' || (event.type === 'error' && !isInterruption(event));
