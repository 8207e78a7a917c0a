/**
 * `toRedis(url, runId, options)`: an RxJS operator that publishes a run's events to Redis as they pass and
 * passes them on unchanged. It completes (or errors) only once every event is stored, and errors if publishing
 * fails for good. Give it a `RunPublisher` instead of a URL to pause a producer past the buffer bound: pass
 * `publisher.ready` as the trainer's `pace.ready`. Or give it a function that makes the publisher from the run's
 * first event (its `run` event names the settings a run id can be made of).
 */
import type { TrainEvent } from '@gradstream/events';
import { Observable, type MonoTypeOperatorFunction } from 'rxjs';
import type { PublishOptions } from './publish-options.js';
import { RunPublisher } from './run-publisher.js';

/**
 * @example
 * // not run: it needs a Redis server
 * import { syntheticLinear } from '@gradstream/data';
 * import { trainOn } from '@gradstream/trainer';
 * import { RunPublisher, toRedis } from '@gradstream/redis';
 * const publisher = new RunPublisher('redis://127.0.0.1:6379', 'lesson');
 * trainOn(syntheticLinear({ seed: 42 }), { lr: 0.03, pace: { sliceMs: 25, ready: () => publisher.ready() } })
 *   .pipe(toRedis(publisher))
 *   .subscribe({ complete: () => publisher.close() });
 */
export function toRedis(
  target: string | RunPublisher | ((first: TrainEvent) => RunPublisher),
  runId?: string,
  options?: PublishOptions,
): MonoTypeOperatorFunction<TrainEvent> {
  return (source) =>
    new Observable<TrainEvent>((subscriber) => {
      const own = typeof target === 'string';
      let publisher: RunPublisher | undefined = own ? new RunPublisher(target, runId as string, options) : target instanceof RunPublisher ? target : undefined;
      // No named closures here: this runs once a run, inside the lesson's only slice, and tsx (esbuild, keeping names)
      // wraps each named one in a call (4–7 µs a run in a profile of the lesson).
      publisher?.onFailure((err) => subscriber.error(err));
      const subscription = source.subscribe({
        next: (event) => {
          try {
            if (!publisher) (publisher = (target as (first: TrainEvent) => RunPublisher)(event)).onFailure((err) => subscriber.error(err));
            publisher.publish(event);
          } catch (err) {
            subscriber.error(err);
            return;
          }
          subscriber.next(event);
        },
        error: (err) => void flushedOf(publisher).then(() => subscriber.error(err), () => subscriber.error(err)),
        complete: () => void flushedOf(publisher).then(() => subscriber.complete(), (err) => subscriber.error(err)),
      });
      return () => {
        subscription.unsubscribe();
        // An unsubscribed run (Ctrl-C) still stores what it queued before the connection closes.
        if (own) void publisher?.close().catch(() => {});
      };
    });
}

/** Resolves once `publisher` (if any yet) has stored every event queued. */
function flushedOf(publisher: RunPublisher | undefined): Promise<void> {
  return publisher?.flushed() ?? Promise.resolve();
}
