// Test helper: a real RunControl over a live producer, as the CLI's training gate is — events come from
// a Subject-driven pump, one per timer turn (or paced at stepsPerSecond), and pause/resume/step/speed
// change what the pump does. No seek (a live run cannot go back). It is a small producer, not a stub:
// the tests observe its events and its state through a real monitor.
import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import type { ControlCommand, ControlState, RunControl } from '../../src/index.js';

export interface Gate extends RunControl {
  events$: Observable<TrainEvent>;
  /** Commands applied so far, in order. */
  applied: ControlCommand[];
  /** Events emitted so far. */
  emitted: number;
  /** Starts the pump (unless paused). */
  start(): void;
  stop(): void;
}

export function gate(events: readonly TrainEvent[], initial: Partial<ControlState> = {}): Gate {
  const state = new BehaviorSubject<ControlState>({ paused: false, stepsPerSecond: null, canSeek: false, ...initial });
  const out = new Subject<TrainEvent>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const g: Gate = {
    events$: out,
    state$: state,
    applied: [],
    emitted: 0,
    start: () => schedule(),
    apply(command) {
      g.applied.push(command);
      if (command.type === 'pause') state.next({ ...state.value, paused: true });
      else if (command.type === 'resume') state.next({ ...state.value, paused: false });
      else if (command.type === 'speed') state.next({ ...state.value, stepsPerSecond: command.stepsPerSecond });
      else if (command.type === 'step') {
        if (!state.value.paused) throw new Error('step needs a paused run: pause first');
        emitOne();
      } else if (command.type === 'explain') throw new Error('this gate has no explanations');
      schedule();
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
  const emitOne = () => {
    if (g.emitted < events.length) out.next(events[g.emitted++]);
    if (g.emitted === events.length) out.complete();
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = undefined;
    if (state.value.paused || g.emitted >= events.length) return;
    const sps = state.value.stepsPerSecond;
    timer = setTimeout(
      () => {
        emitOne();
        schedule();
      },
      sps === null ? 1 : 1000 / sps,
    );
  };
  return g;
}
