/**
 * The dashboard's remote control of a training run: a `StepGate` in front of the minibatch stream
 * (pause, single step, steps per second) and the trainer's "explain the latest step" requests, as the
 * monitor's `RunControl`. Pausing explains the step the run is paused on, and each single step taken
 * while paused is explained too. The gate only moves steps in time, so the numbers never change.
 *
 * @example
 * import { StepGate } from '@gradstream/data';
 * import { trainingControl } from './train-control.js';
 * const control = trainingControl(new StepGate({ stepsPerSecond: 20 }));
 * // serveMonitor(events$, { control: control.runControl }); trainOn(ds, { explain: { requests: control.explainRequests } });
 */
import type { StepGate } from '@gradstream/data';
import type { TrainEvent } from '@gradstream/events';
import type { ControlCommand, ControlState, RunControl } from '@gradstream/monitor';
import { BehaviorSubject, Subject, type Observable } from 'rxjs';

export interface TrainingControl {
  runControl: RunControl;
  /** Emits when the latest step should be explained (for `train({ explain: { requests } })`). */
  explainRequests: Observable<void>;
  /** Feed every training event through this: a step taken while paused gets explained. */
  observe(event: TrainEvent): void;
}

export function trainingControl(gate: StepGate): TrainingControl {
  const state$ = new BehaviorSubject<ControlState>({ ...gate.state, canSeek: false });
  gate.onChange((s) => state$.next({ ...s, canSeek: false }));
  const requests = new Subject<void>();
  const apply = (command: ControlCommand): void => {
    switch (command.type) {
      case 'pause':
        gate.pause();
        requests.next(); // the step it is paused on
        break;
      case 'resume':
        gate.resume();
        break;
      case 'step':
        gate.step();
        break;
      case 'speed':
        gate.setSpeed(command.stepsPerSecond);
        break;
      case 'explain':
        requests.next();
        break;
      case 'seek':
        throw new Error('a live run cannot seek; pause and step instead (recordings served with `gradstream serve --replay` can seek)');
    }
  };
  return {
    runControl: { state$, apply },
    explainRequests: requests,
    observe(event) {
      // Asked inside the step's own event: the trainer answers once that step is done.
      if (event.type === 'step' && gate.state.paused) requests.next();
    },
  };
}

/** A run shorter than this (at full speed) is paced to last about this long under the dashboard. */
export const WATCHABLE_SECONDS = 15;

/**
 * The default pace under a dashboard: the whole run in ~15 s (the lesson's 300 steps: 20 steps/s). A run
 * that takes longer than that by itself is never slowed: it cannot reach this many steps a second anyway.
 */
export function defaultStepsPerSecond(totalSteps: number | undefined): number | null {
  if (totalSteps === undefined || totalSteps <= 0) return null;
  return totalSteps / WATCHABLE_SECONDS;
}
