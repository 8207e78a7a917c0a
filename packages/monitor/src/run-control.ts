import { isObservable, type Observable } from 'rxjs';
import type { ControlCommand, ControlState } from './protocol.js';

/**
 * Implemented by whatever produces the events — the CLI's training gate, or a recording's replay
 * (`replayControl`) — and given to `serveMonitor` as `control`. The server forwards the commands of
 * connections that may control to `apply` and every state from `state$` to all connections.
 *
 * `state$` must emit the current state when subscribed (as a `BehaviorSubject` does): a newcomer's
 * `hello` carries it. `apply` may throw to refuse a command (a live run cannot seek); the message goes
 * back to the client that sent it, as `control refused: <message>`.
 *
 * @example
 * import { BehaviorSubject } from 'rxjs';
 * import type { RunControl } from '@gradstream/monitor';
 * const state = new BehaviorSubject({ paused: false, stepsPerSecond: null, canSeek: false });
 * const control: RunControl = {
 *   state$: state,
 *   apply: (c) => { if (c.type === 'pause' || c.type === 'resume') state.next({ ...state.value, paused: c.type === 'pause' }); },
 * };
 */
export interface RunControl {
  state$: Observable<ControlState>;
  apply(command: ControlCommand): void;
}

/** Throws when `control` is not a RunControl; the message names the argument, the rule and the value. */
export function assertRunControl(control: unknown): asserts control is RunControl {
  const c = control as Partial<RunControl> | null;
  if (typeof c !== 'object' || c === null || !isObservable(c.state$) || typeof c.apply !== 'function') {
    throw new TypeError(`invalid argument. control must be a RunControl ({ state$: Observable<ControlState>, apply(command) }). Value: \`${String(control)}\`.`);
  }
}

/** Throws unless `state` is a ControlState, naming the field that is wrong. */
export function assertControlState(state: unknown): asserts state is ControlState {
  const s = state as Partial<ControlState> | null;
  const sps = s?.stepsPerSecond;
  const bad =
    typeof s !== 'object' || s === null
      ? 'the state'
      : typeof s.paused !== 'boolean'
        ? 'paused'
        : typeof s.canSeek !== 'boolean'
          ? 'canSeek'
          : sps !== null && !(typeof sps === 'number' && sps > 0 && Number.isFinite(sps))
            ? 'stepsPerSecond'
            : null;
  if (bad !== null) {
    throw new TypeError(
      `invalid argument. control.state$ must emit { paused: boolean, stepsPerSecond: positive number | null, canSeek: boolean }; ${bad} is wrong. Value: \`${JSON.stringify(state)}\`.`,
    );
  }
}
