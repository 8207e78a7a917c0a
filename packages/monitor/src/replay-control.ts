import type { TrainEvent } from '@gradstream/events';
import { BehaviorSubject, Observable, Subject } from 'rxjs';
import type { ControlCommand, ControlState } from './protocol.js';
import { ReplayCursor } from './replay-cursor.js';
import type { RunControl } from './run-control.js';

export interface ReplayControlOptions {
  /** Pace in steps per second; `null` (the default) replays as fast as it goes. */
  stepsPerSecond?: number | null;
  /** Start paused (the `run` event still goes out, so viewers see which run it is). Default false. */
  paused?: boolean;
  /**
   * Complete `events$` after the last event. Default false: the replay stays open so a viewer can seek
   * back; `gradstream serve --exit-when-done` sets it.
   */
  completeAtEnd?: boolean;
}

/** A RunControl over a recorded run, with the events it plays. */
export interface ReplayControl extends RunControl {
  /** The replayed events; the replay starts with the first subscription (serveMonitor subscribes once listening). */
  events$: Observable<TrainEvent>;
}

/** As fast as it goes still yields to the event loop (a timer turn) after this many steps, so a pause command is heard. */
const STEPS_PER_TURN = 256;

/**
 * Replays recorded events (`fromNdjson(file).pipe(toArray())`) under control: paced at `stepsPerSecond`,
 * pausable, a single step at a time while paused, seekable to any step of the run (backwards it starts
 * over from the `run` event, so every viewer's state is consistent). Pacing never changes an event.
 *
 * @example
 * // not run: needs a recording (`gradstream train --record run.ndjson`)
 * import { lastValueFrom, toArray } from 'rxjs';
 * import { fromNdjson, replayControl, serveMonitor } from '@gradstream/monitor';
 * const events = await lastValueFrom(fromNdjson('run.ndjson').pipe(toArray()));
 * const replay = replayControl(events, { stepsPerSecond: 20 });
 * const server = await serveMonitor(replay.events$, { control: replay });
 */
export function replayControl(events: readonly TrainEvent[], options: ReplayControlOptions = {}): ReplayControl {
  checkEvents(events);
  const { stepsPerSecond = null, paused = false, completeAtEnd = false } = options;
  checkPace(stepsPerSecond);
  const cursor = new ReplayCursor(events);
  const state = new BehaviorSubject<ControlState>({ paused, stepsPerSecond, canSeek: true });
  const out = new Subject<TrainEvent>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let listeners = 0;
  // Pace: steps due = (now - since) × stepsPerSecond / 1000; counted from the last change of pace.
  let since = 0;
  let played = 0;

  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const emit = (batch: readonly TrainEvent[]) => {
    for (const e of batch) out.next(e);
    if (cursor.ended && completeAtEnd) {
      cancel();
      out.complete();
    }
  };
  const pump = (): void => {
    timer = null;
    const { paused: stopped, stepsPerSecond: sps } = state.value;
    if (stopped || cursor.ended || listeners === 0) return;
    const due = sps === null ? Infinity : Math.floor(((performance.now() - since) * sps) / 1000);
    for (let n = 0; played < due && n < STEPS_PER_TURN && !cursor.ended; n++, played++) emit(cursor.next());
    if (cursor.ended) return;
    // Behind (or unpaced): go on at the next turn; else sleep until the next step is due.
    const wait = sps === null || played < due ? 0 : Math.max(1, since + ((played + 1) * 1000) / sps - performance.now());
    timer = setTimeout(pump, wait);
  };
  const restart = () => {
    cancel();
    since = performance.now();
    played = 0;
    pump();
  };
  const set = (change: Partial<ControlState>) => {
    state.next({ ...state.value, ...change });
    restart();
  };

  const apply = (command: ControlCommand): void => {
    switch (command.type) {
      case 'pause':
        return set({ paused: true });
      case 'resume':
        return set({ paused: false });
      case 'speed':
        checkPace(command.stepsPerSecond);
        return set({ stepsPerSecond: command.stepsPerSecond });
      case 'step':
        if (!state.value.paused) throw new Error('step runs one step of a paused replay: pause first');
        if (cursor.ended) throw new Error('the replay is at its end: seek to a step to replay it');
        return emit(cursor.next());
      case 'seek':
        emit(cursor.seek(command.step));
        return restart();
      case 'explain':
        throw new Error('a recording cannot explain a step: it holds only the explanations recorded with the run');
    }
  };

  const events$ = new Observable<TrainEvent>((subscriber) => {
    const subscription = out.subscribe(subscriber);
    if (++listeners === 1) {
      emit(cursor.leading());
      restart();
    }
    return () => {
      subscription.unsubscribe();
      if (--listeners === 0) cancel();
    };
  });
  return { events$, state$: state.asObservable(), apply };
}

/**
 * The pace a run was recorded at: its steps over its recorded time (the `done` event's `elapsedMs`, or
 * the last epoch's), in steps per second; `null` when the recording holds no time.
 *
 * @example
 * import type { TrainEvent } from '@gradstream/events';
 * import { recordedStepsPerSecond } from '@gradstream/monitor';
 * const steps = Array.from({ length: 300 }, (_, i) => ({ type: 'step', globalStep: i + 1 }) as TrainEvent);
 * console.log(recordedStepsPerSecond([...steps, { type: 'done', elapsedMs: 1.5 } as TrainEvent])); // 200000
 */
export function recordedStepsPerSecond(events: readonly TrainEvent[]): number | null {
  let steps = 0;
  let elapsedMs = 0;
  for (const e of events) {
    if (e.type === 'step') steps++;
    if ((e.type === 'epoch' || e.type === 'done') && e.elapsedMs > elapsedMs) elapsedMs = e.elapsedMs;
  }
  return steps > 0 && elapsedMs > 0 ? (steps * 1000) / elapsedMs : null;
}

function checkEvents(events: unknown): void {
  if (!Array.isArray(events) || events.some((e) => typeof e !== 'object' || e === null || typeof e.type !== 'string')) {
    throw new TypeError(`invalid argument. events must be an array of TrainEvents (a recorded run). Value: \`${String(events)}\`.`);
  }
}

function checkPace(stepsPerSecond: unknown): void {
  if (stepsPerSecond !== null && !(typeof stepsPerSecond === 'number' && stepsPerSecond > 0 && Number.isFinite(stepsPerSecond))) {
    throw new RangeError(`invalid argument. stepsPerSecond must be a positive finite number, or null for as fast as it goes. Value: \`${String(stepsPerSecond)}\`.`);
  }
}
