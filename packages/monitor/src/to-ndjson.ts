import { closeSync, openSync, writeSync } from 'node:fs';
import { toNdjsonLine, type TrainEvent } from '@gradstream/events';
import { Observable, type MonoTypeOperatorFunction } from 'rxjs';

/**
 * Records every event that passes into an NDJSON file (one JSON object a line) and passes it on
 * unchanged. The file is created (or truncated) on subscribe and closed when the stream ends.
 *
 * Each line is written with a synchronous `write(2)`, so everything recorded is in the file (in the
 * kernel's page cache) the moment the event has passed: if the process dies mid-run, the file holds
 * every event up to that point, each on a whole line. A run of the lesson writes a few hundred lines,
 * each a few µs.
 *
 * @example
 * import { toNdjson } from '@gradstream/monitor';
 * import { of } from 'rxjs';
 * of({ type: 'error', message: 'stopped' } as const).pipe(toNdjson('/tmp/run.ndjson')).subscribe();
 */
export function toNdjson<T extends TrainEvent>(path: string): MonoTypeOperatorFunction<T> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`invalid argument. path must be a non-empty string. Value: \`${JSON.stringify(path)}\`.`);
  }
  return (source) =>
    new Observable<T>((subscriber) => {
      let fd: number | null;
      try {
        fd = openSync(path, 'w');
      } catch (err) {
        subscriber.error(new Error(`toNdjson cannot write ${path}: ${(err as Error).message}`, { cause: err }));
        return;
      }
      const close = (): void => {
        if (fd !== null) closeSync(fd);
        fd = null;
      };
      const subscription = source.subscribe({
        next: (event) => {
          if (fd !== null) {
            try {
              writeSync(fd, toNdjsonLine(event));
            } catch (err) {
              close();
              subscriber.error(new Error(`toNdjson cannot write ${path}: ${(err as Error).message}`, { cause: err }));
              return;
            }
          }
          subscriber.next(event);
        },
        error: (err) => {
          close();
          subscriber.error(err);
        },
        complete: () => {
          close();
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        close();
      };
    });
}
