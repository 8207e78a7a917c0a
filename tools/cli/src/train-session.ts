/**
 * Running a planned training to its end, or to a signal: subscribes to the events, hands each to `emit`,
 * and between slices of batches notices SIGINT/SIGTERM (the handler only records it) to unsubscribe — which
 * makes the trainer write the checkpoint of the last step taken.
 *
 * @example
 * // not run: it needs an event stream and waits for signals
 * import { runToEnd, watchSignals } from './train-session.js';
 * const signals = watchSignals();
 * const outcome = await runToEnd(events$, (e) => console.log(e.type), signals);
 * signals.stop();
 */
import type { TrainEvent } from '@gradstream/events';
import type { Observable } from 'rxjs';

export interface Signals {
  /** The first SIGINT or SIGTERM received, if any. */
  readonly received: NodeJS.Signals | undefined;
  /** Whether stdout's reader went away (EPIPE) while the run had to store what it trained (`train --redis`). */
  readonly stdoutClosed: boolean;
  /** Records that stdout's reader went away: the run stops as on a signal. */
  closeStdout(): void;
  /** Resolves on the first signal. */
  readonly next: Promise<NodeJS.Signals>;
  stop(): void;
}

/** Starts recording SIGINT and SIGTERM (the process then no longer dies of them). */
export function watchSignals(): Signals {
  let received: NodeJS.Signals | undefined;
  let stdoutClosed = false;
  let resolve!: (s: NodeJS.Signals) => void;
  const next = new Promise<NodeJS.Signals>((r) => (resolve = r));
  const on = (signal: NodeJS.Signals) => {
    received ??= signal;
    resolve(signal);
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return {
    get received() {
      return received;
    },
    get stdoutClosed() {
      return stdoutClosed;
    },
    closeStdout() {
      stdoutClosed = true;
    },
    next,
    stop() {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    },
  };
}

export type Outcome = 'done' | 'error' | 'interrupted';

/** Subscribes and resolves with how the run ended (`interrupted`: a signal, or stdout closed, stopped it). */
export function runToEnd(events$: Observable<TrainEvent>, emit: (e: TrainEvent) => void, signals: Signals): Promise<Outcome> {
  let last: TrainEvent | undefined;
  return new Promise<Outcome>((resolve, reject) => {
    const sub = events$.subscribe({
      next: (e) => {
        last = e;
        emit(e);
      },
      error: reject,
      complete: () => resolve(last?.type === 'error' ? 'error' : 'done'),
    });
    const poll = setInterval(() => {
      if (signals.received === undefined && !signals.stdoutClosed) return;
      clearInterval(poll);
      sub.unsubscribe();
      resolve('interrupted');
    }, 20);
    sub.add(() => clearInterval(poll));
  });
}

/** How a person names the signal: `Ctrl-C` for SIGINT. */
export const signalName = (signal: NodeJS.Signals | undefined): string => (signal === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C');

/** 128 + the signal's number, as shells report a process ended by it: 130 for SIGINT, 143 for SIGTERM. */
export const signalExitCode = (signal: NodeJS.Signals | undefined): number => (signal === 'SIGTERM' ? 143 : 130);

/**
 * The `error` event that ends a run stopped before its end, where the run's events go (stdout, its recording, the
 * dashboard, Redis): a monitor shows a run whose error begins with "interrupted" as interrupted, not failed.
 * It names what stopped the run: the signal, or a closed stdout.
 */
export function interruptionEvent(signals: Signals, globalStep: number): TrainEvent & { type: 'error' } {
  const by = signals.received === undefined && signals.stdoutClosed ? 'a closed stdout' : signalName(signals.received);
  return { type: 'error', message: `interrupted by ${by} after ${globalStep} steps`, globalStep };
}
