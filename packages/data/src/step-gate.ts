/**
 * A gate that decides when the next minibatch may be produced: as fast as possible, at a set number of
 * steps per second, or paused (with single steps on request). `minibatches(…, { pace: { gate } })` asks it
 * before gathering each batch, so pausing holds the stream between two steps — the last batch stays as it
 * was — and pacing only moves steps in time, never changes what they compute.
 */
import { checkOptions, invalid } from './validate.js';

/** What the gate is doing now. `stepsPerSecond: null` means as fast as the consumer goes. */
export interface GateState {
  paused: boolean;
  stepsPerSecond: number | null;
}

/** Bursts after a stall (a slow consumer, a busy process) are capped at this much time's worth of steps. */
const MAX_BURST_MS = 100;

/**
 * @example
 * import { StepGate } from '@gradstream/data';
 * const gate = new StepGate({ stepsPerSecond: 20 });
 * console.log(gate.tryTake(), gate.tryTake()); // true false (the second step is due 50 ms later)
 * gate.pause();
 * gate.step();
 * console.log(gate.tryTake(), gate.tryTake(), gate.state); // true false { paused: true, stepsPerSecond: 20 }
 */
export class StepGate {
  private paused: boolean;
  private stepsPerSecond: number | null;
  /** Single steps granted while paused and not yet taken. */
  private credits = 0;
  /** Start of the current pacing period, and the steps taken in it. */
  private t0 = 0;
  private taken = 0;
  private wake: (() => void) | undefined;
  private readonly listeners = new Set<(state: GateState) => void>();

  constructor(options: { stepsPerSecond?: number | null; paused?: boolean } = {}) {
    const o = checkOptions('options', options);
    this.stepsPerSecond = checkSpeed('stepsPerSecond', o.stepsPerSecond ?? null);
    this.paused = o.paused === undefined ? false : o.paused === true;
    this.restart();
  }

  get state(): GateState {
    return { paused: this.paused, stepsPerSecond: this.stepsPerSecond };
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.changed();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.credits = 0;
    this.restart();
    this.changed();
  }

  /** Lets exactly one more step through while paused (ignored while running). */
  step(): void {
    if (!this.paused) return;
    this.credits++;
    this.changed();
  }

  /** Steps per second, or `null` for as fast as possible. */
  setSpeed(stepsPerSecond: number | null): void {
    this.stepsPerSecond = checkSpeed('stepsPerSecond', stepsPerSecond);
    this.restart();
    this.changed();
  }

  /** Calls `listener` with the new state after every change; returns the unsubscribe function. */
  onChange(listener: (state: GateState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Takes the permission for one step if it may happen now. */
  tryTake(now: number = performance.now()): boolean {
    if (this.paused) {
      if (this.credits === 0) return false;
      this.credits--;
      return true;
    }
    const sps = this.stepsPerSecond;
    if (sps === null) return true;
    // Steps due since t0 (the first one at once); a stall does not earn an unbounded burst afterwards.
    const due = Math.floor(((now - this.t0) * sps) / 1000) + 1;
    if (due - this.taken > 1 + (MAX_BURST_MS * sps) / 1000) {
      this.t0 = now;
      this.taken = 0;
    }
    if (this.taken >= Math.floor(((now - this.t0) * sps) / 1000) + 1) return false;
    this.taken++;
    return true;
  }

  /** Resolves when a step may be due: at once when running free, at the next paced slot, or on the next control call when paused. */
  ready(now: number = performance.now()): Promise<void> {
    if (this.paused && this.credits === 0) return new Promise((resolve) => (this.wake = resolve));
    const sps = this.stepsPerSecond;
    if (this.paused || sps === null) return Promise.resolve();
    const at = this.t0 + (this.taken * 1000) / sps;
    const wait = at - now;
    if (wait <= 0) return Promise.resolve();
    // Also woken by a control call, so a pause or a new speed acts at once rather than after the wait.
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(), Math.ceil(wait));
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private restart(): void {
    this.t0 = performance.now();
    this.taken = 0;
  }

  private changed(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
    const state = this.state;
    for (const listener of this.listeners) listener(state);
  }
}

function checkSpeed(name: string, value: unknown): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1e9) {
    throw invalid(RangeError, name, 'must be a positive number of steps per second up to 1e9, or null for no limit', value);
  }
  return value;
}
