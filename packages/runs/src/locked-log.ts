/**
 * Writing a run's log under its lock: the process takes the run's lock, prepares (a resumed run cuts its
 * log back), then appends every event of the run as a whole line as it is emitted, and lets go of the log
 * and the lock when the run ends or is unsubscribed — after the run's last event is on disk.
 */
import { concat, defer, finalize, from, tap, type Observable } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { openEventLog } from './event-log.js';
import { runFile } from './run-files.js';
import { acquireLock } from './writer-lock.js';

/** What a run adds to its log: the events `kept` from before (already there, replayed first) and the run itself. */
export interface RunContinuation {
  kept?: TrainEvent[];
  live$: Observable<TrainEvent>;
}

/** `build` runs once the lock is held; the events of its `live$` are appended to `runDir/events.ndjson` as they come. */
export function appendUnderLock(runDir: string, build: () => RunContinuation): Observable<TrainEvent> {
  return defer(() => {
    const release = acquireLock(runDir);
    try {
      const { kept = [], live$ } = build();
      const log = openEventLog(runFile(runDir, 'events'));
      return concat(from(kept), live$.pipe(tap((e) => log.append(e)))).pipe(
        finalize(() => {
          log.close();
          release();
        }),
      );
    } catch (err) {
      release();
      throw err;
    }
  });
}
