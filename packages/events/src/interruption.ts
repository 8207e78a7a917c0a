import type { TrainEvent } from './schema.js';

/**
 * Whether `event` is an interruption: an `error` whose message begins with "interrupted", which is how a run stopped
 * from outside says so (Ctrl-C or SIGTERM of `train --redis`, a closed stdout, a directory reader whose writer is
 * gone). Such a run may be resumed from its checkpoint and go on in the same stream, so readers keep following it
 * and show it live again once its events go on; any other `error` ends the run for good.
 *
 * @example
 * import { isInterruption } from '@gradstream/events';
 * console.log(isInterruption({ type: 'error', message: 'interrupted by Ctrl-C after 120 steps' })); // true
 * console.log(isInterruption({ type: 'error', message: 'training diverged at step 7' })); // false
 */
export function isInterruption(event: TrainEvent): boolean {
  return event.type === 'error' && event.message.startsWith('interrupted');
}
