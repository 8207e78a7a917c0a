/**
 * The stream entry id of an event, derived from where it sits in its run — `<globalStep>-<slot>` — so that
 * publishing the same event again produces the same id. Redis refuses an XADD whose id is not above the stream's
 * last, so a re-published event (a retry after a lost reply, a run resumed from a checkpoint that replays
 * steps already published) is skipped, never stored twice.
 *
 * Slots order the events of one global step as a run emits them: the `run` event is `0-1`; at step g, the
 * `step` is `g-2`, its `explain` `g-3`, the `epoch` ending there `g-4`, an explain asked for after that epoch
 * `g-5`, `done` `g-6` and `error` `g-7`.
 */
import type { TrainEvent } from '@gradstream/events';

/** Each event type's slot (an explain right after an epoch at its global step takes `EXPLAIN_AFTER_EPOCH`). */
export const SLOT = { run: 1, step: 2, explain: 3, epoch: 4, done: 6, error: 7 } as const;
const EXPLAIN_AFTER_EPOCH = 5;

/**
 * Follows a run's events and places each one: its global step and slot, as numbers (the id string is made when an
 * entry is sent, off the trainer's slice).
 *
 * @example
 * import { EntryIds, entryId } from './entry-id.js';
 * const ids = new EntryIds();
 * ids.next({ type: 'epoch', epoch: 1, loss: 0.5, globalStep: 100, elapsedMs: 3 });
 * const slot = ids.next({ type: 'explain', epoch: 1, step: 100, globalStep: 100, ops: [] } as never);
 * console.log(entryId(ids.globalStep, slot)); // 100-5: an explain right after the epoch at step 100
 */
export class EntryIds {
  /** The global step of the last event placed. */
  globalStep = 0;
  private epochAt = -1;

  /** The slot of `event`, the next event of the run; its global step is `globalStep` after the call. */
  next(event: TrainEvent): number {
    const g = this.globalStepOf(event);
    this.globalStep = g;
    if (event.type === 'epoch') this.epochAt = g;
    return event.type === 'explain' && this.epochAt === g ? EXPLAIN_AFTER_EPOCH : SLOT[event.type];
  }

  /** Follows a `step` event at `globalStep` without naming its id (a block names it once, from its last step). */
  step(globalStep: number): void {
    // Never back: a resumed run's skipped steps may lie past the last step queued.
    if (globalStep > this.globalStep) this.globalStep = globalStep;
  }

  private globalStepOf(event: TrainEvent): number {
    switch (event.type) {
      case 'run':
        return 0;
      case 'step':
      case 'explain':
      case 'epoch':
        return event.globalStep;
      case 'done':
        return Math.max(event.steps, this.globalStep);
      case 'error':
        return event.globalStep ?? this.globalStep;
    }
  }
}

/** Orders two stream ids (`<ms>-<seq>`) as Redis does: negative when `a` comes first. */
export function compareIds(a: string, b: string): number {
  const ad = a.indexOf('-');
  const bd = b.indexOf('-');
  const am = Number(ad < 0 ? a : a.slice(0, ad));
  const bm = Number(bd < 0 ? b : b.slice(0, bd));
  return am - bm || (ad < 0 ? 0 : Number(a.slice(ad + 1))) - (bd < 0 ? 0 : Number(b.slice(bd + 1)));
}

/** The entry id of the event of slot `slot` at `globalStep`. */
export const entryId = (globalStep: number, slot: number): string => `${globalStep}-${slot}`;

/** The slot of entry id `id` (`<globalStep>-<slot>`). */
export const slotOf = (id: string): number => Number(id.slice(id.indexOf('-') + 1));

/** The id a step has inside a block (the block's entry takes its last event's). */
export const stepId = (globalStep: number): string => entryId(globalStep, SLOT.step);
