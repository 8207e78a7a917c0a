import type { TrainEvent } from '@gradstream/events';

/**
 * A position in a recorded run, moved a step at a time. Between moves it rests on a `step` event (or
 * the end): the events that are not steps go out with the step before them (an `epoch` or `done` is
 * the consequence of its last step), and those before the first step (the `run`) with the first move.
 *
 * @example
 * import type { TrainEvent } from '@gradstream/events';
 * import { ReplayCursor } from './replay-cursor.js';
 * const steps = [1, 2, 3].map((globalStep) => ({ type: 'step', globalStep }) as TrainEvent);
 * const cursor = new ReplayCursor([{ type: 'run' } as TrainEvent, ...steps, { type: 'done' } as TrainEvent]);
 * const show = (events: TrainEvent[]) => events.map((e) => (e.type === 'step' ? e.globalStep : e.type));
 * console.log(show(cursor.leading()), show(cursor.next()), show(cursor.seek(3))); // [ 'run' ] [ 1 ] [ 2, 3, 'done' ]
 * console.log(show(cursor.seek(2))); // [ 'run', 1, 2 ]: backwards, the viewers start over
 */
export class ReplayCursor {
  private pos = 0;
  /** Index of the `run` event the replay is in (-1 before one). */
  private runAt = -1;

  constructor(private readonly events: readonly TrainEvent[]) {}

  get ended(): boolean {
    return this.pos >= this.events.length;
  }

  /** The events before the next step (the run event at the start). */
  leading(): TrainEvent[] {
    return this.through(this.pos - 1);
  }

  /** The next step and the events after it up to the following step; `[]` at the end. */
  next(): TrainEvent[] {
    return this.ended ? [] : this.through(this.pos);
  }

  /**
   * Moves to global step `step` of the current run. Backwards, it replays from the run's `run` event
   * (a fresh run resets every viewer); forwards, it plays on. Throws a RangeError naming the steps the
   * run has when there is no such step.
   */
  seek(step: number): TrainEvent[] {
    const from = Math.max(0, this.runAt);
    let target = -1;
    let first: number | undefined;
    let last: number | undefined;
    for (let i = from; i < this.events.length; i++) {
      const e = this.events[i];
      if (e.type === 'run' && i > from) break;
      if (e.type !== 'step') continue;
      first ??= e.globalStep;
      last = e.globalStep;
      if (e.globalStep === step) target = i;
    }
    if (target === -1) {
      const range = first === undefined ? 'none: the run has no steps' : `from ${first} to ${last}`;
      throw new RangeError(`invalid argument. step must be a step of the recorded run (${range}). Value: \`${step}\`.`);
    }
    if (target >= this.pos) return this.through(target);
    this.pos = from;
    return this.through(target);
  }

  /** The events from the position through index `last`, then on to the next step. */
  private through(last: number): TrainEvent[] {
    const out: TrainEvent[] = [];
    const take = () => {
      const e = this.events[this.pos++];
      if (e.type === 'run') this.runAt = this.pos - 1;
      out.push(e);
    };
    while (this.pos <= last) take();
    while (!this.ended && this.events[this.pos].type !== 'step') take();
    return out;
  }
}
