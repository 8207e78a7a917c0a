import type { Subscription } from 'rxjs';
import type { FanOut } from './fan-out.js';
import type { ControlCommand, ControlFrame, ControlState, HelloControl } from './protocol.js';
import { assertControlState, type RunControl } from './run-control.js';

/** Why a read-only connection's command was not applied: what the user can do about it. */
export const READ_ONLY = 'control refused: this connection is read-only (open the dashboard URL with its control key)';

/**
 * The server's side of the control channel: forwards the commands of connections that may control
 * to the `RunControl`, and every new state to all connections as a `control` frame.
 *
 * @example
 * import { BehaviorSubject } from 'rxjs';
 * import { ControlChannel, READ_ONLY } from './control-channel.js';
 * import { FanOut } from './fan-out.js';
 * const state = new BehaviorSubject({ paused: false, stepsPerSecond: null as number | null, canSeek: false });
 * const control = { state$: state, apply: () => state.next({ ...state.value, paused: true }) };
 * const channel = new ControlChannel(control, new FanOut({ historySize: 8, logSize: 8 }));
 * channel.start();
 * console.log(channel.handle({ type: 'pause' }, false) === READ_ONLY, state.value.paused); // true false
 * console.log(channel.handle({ type: 'pause' }, true), state.value.paused); // null true
 * channel.stop();
 */
export class ControlChannel {
  private state: ControlState | null = null;
  private subscription: Subscription | null = null;

  constructor(
    private readonly control: RunControl | undefined,
    private readonly fanOut: FanOut,
  ) {}

  /** Subscribes to the state; throws when `state$` does not give the current state at once. */
  start(): void {
    if (this.control === undefined) return;
    this.subscription = this.control.state$.subscribe({
      next: (state) => this.update(state),
      error: (err: unknown) => process.emitWarning(`gradstream monitor: control.state$ failed, the control state is frozen: ${String(err)}`),
    });
    if (this.state === null) {
      this.stop();
      throw new TypeError('invalid argument. control.state$ must emit the current state when subscribed (as a BehaviorSubject does). Value: no state.');
    }
  }

  /** `hello.control` for a connection. */
  hello(canControl: boolean): HelloControl | null {
    return this.state === null ? null : { ...this.state, canControl };
  }

  /** Applies a command from a connection; returns the message to send back when it is refused. */
  handle(command: ControlCommand, canControl: boolean): string | null {
    if (this.control === undefined || this.state === null) return 'control refused: this run cannot be controlled (the monitor was started without a RunControl)';
    if (!canControl) return READ_ONLY;
    if (command.type === 'seek' && !this.state.canSeek) return 'control refused: this run cannot seek (only a recording can)';
    try {
      this.control.apply(command);
      return null;
    } catch (err) {
      return `control refused: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  private update(state: ControlState): void {
    try {
      assertControlState(state);
    } catch (err) {
      process.emitWarning(`gradstream monitor: ignored a control state. ${(err as Error).message}`);
      return;
    }
    const last = this.state;
    if (last !== null && last.paused === state.paused && last.stepsPerSecond === state.stepsPerSecond && last.canSeek === state.canSeek) return;
    this.state = { paused: state.paused, stepsPerSecond: state.stepsPerSecond, canSeek: state.canSeek };
    const frame: ControlFrame = { type: 'control', ...this.state };
    this.fanOut.sendToAll(JSON.stringify(frame));
  }
}
