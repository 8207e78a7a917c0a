/**
 * `gradstream train --redis URL`: the run's events also go to Redis Streams (`@gradstream/redis`), under the
 * id `--run-id` or one made of the run's settings. Publishing joins the trainer's pace: past the publisher's
 * buffer bound (Redis away) the trainer waits between slices instead of dropping events. Until Redis has registered
 * the run, the trainer's gate holds it after its first batch (which makes the `run` event the run id comes from) and
 * no event goes on to the output, so a wrong password or a run id taken by other settings fails before anything is
 * printed. A run stopped early (a signal, a closed stdout) ends its stream with the
 * `error` event that says so, stored within STOP_WAIT_MS.
 *
 * @example
 * // not run: it needs a Redis server
 * import { redisPublishing } from './redis-publishing.js';
 * const redis = redisPublishing('redis://127.0.0.1:6379', {}, gate);
 * events$.pipe(redis.operator).subscribe({ complete: () => redis.close() });
 */
import type { TrainEvent } from '@gradstream/events';
import { redactRedisUrl, RunPublisher, toRedis } from '@gradstream/redis';
import type { StepGate } from '@gradstream/data';
import { catchError, Observable, tap, throwError, type MonoTypeOperatorFunction } from 'rxjs';
import { connecting, withPasswordHint } from './redis-connecting.js';
import { readableRunId } from './redis-run-id.js';

export interface RedisPublishing {
  /** Waits for `other` (stdout draining) and, when Redis is behind by more than the bound, for Redis. */
  paced(other: () => Promise<void> | void): () => Promise<void> | void;
  operator: MonoTypeOperatorFunction<TrainEvent>;
  /** The last step published (until Redis has registered the run, the output has not seen it yet). */
  readonly lastStep: number;
  /**
   * Stores what is queued and closes the connection; the summary line to print (undefined if nothing was published).
   * With `last` (the event of a run stopped early) it is published after the rest, and the wait is bounded.
   */
  close(last?: TrainEvent): Promise<string | undefined>;
}

/** How long a run stopped early still tries to store what it queued (Redis may be away; the user asked to stop). */
const STOP_WAIT_MS = 2000;

/** `gate` (the trainer's) is paused from the run's first event until the run is registered in Redis. */
export function redisPublishing(url: string, o: { redisPrefix?: string; runId?: string }, gate?: StepGate): RedisPublishing {
  let publisher: RunPublisher | undefined;
  let lastStep = 0;
  let ended = false;
  /** How long the run was held for Redis to register it (the trainer's clock runs meanwhile). */
  let heldMs = 0;
  let registered!: () => void;
  const registration = new Promise<void>((resolve) => (registered = resolve));
  const create = (first: TrainEvent) => {
    const runId = o.runId ?? (first.type === 'run' ? readableRunId(first.config) : 'run');
    const p = (publisher = new RunPublisher(url, runId, o.redisPrefix === undefined ? {} : { prefix: o.redisPrefix }));
    const paused = gate !== undefined && !gate.state.paused;
    if (paused) gate.pause();
    const heldFrom = performance.now();
    // Failing (wrong password, another run's id), the publisher ends the run with its error: the gate stays shut.
    // A wait longer than a second prints where it connects and when it gives up.
    connecting(p.flushed(), url).then(() => {
      if (paused) gate.resume();
      heldMs = performance.now() - heldFrom;
      registered();
    }, () => undefined);
    return p;
  };
  return {
    paced: (other) => () => {
      const a = other();
      const b = publisher?.ready();
      if (!a && !b) return undefined;
      return Promise.all([a, b]).then(() => undefined);
    },
    operator: (source) =>
      source.pipe(
        tap((e) => {
          if (e.type === 'step') lastStep = e.globalStep;
          else if (e.type === 'done' || e.type === 'error') ended = true;
        }),
        toRedis(create),
        catchError((err: unknown) => throwError(() => withPasswordHint(err, url))),
        heldUntil(registration),
      ),
    get lastStep() {
      return lastStep;
    },
    async close(last) {
      if (!publisher) return undefined;
      // A run that ended (done, error) before it was stopped (a closed stdout after its last line) keeps its end.
      if (last && !ended) publisher.publish(last);
      await publisher.close(last ? STOP_WAIT_MS : undefined);
      const { added, skipped } = publisher.stats;
      const lost = publisher.pending ? `, ${publisher.pending} not stored (Redis did not answer within ${STOP_WAIT_MS / 1000} s)` : '';
      // The training time printed before counts this wait: a person comparing with a run without --redis needs it apart.
      const held = heldMs >= 1 ? `\nredis: the run waited ${(heldMs / 1000).toFixed(3)} s after its first step for Redis to register it (counted in its training time)` : '';
      return `redis: run ${publisher.runId} in ${redactRedisUrl(url)}: ${added} events stored${skipped ? `, ${skipped} already there` : ''}${lost}${held}`;
    },
  };
}

/** Passes events on once `released` has resolved, those that came before it first; errors and completes as the source. */
function heldUntil(released: Promise<void>): MonoTypeOperatorFunction<TrainEvent> {
  return (source) =>
    new Observable<TrainEvent>((subscriber) => {
      let held: TrainEvent[] | undefined = [];
      const release = () => {
        const events = held ?? [];
        held = undefined;
        for (const e of events) subscriber.next(e);
      };
      void released.then(release);
      return source.subscribe({
        next: (e) => (held ? held.push(e) : subscriber.next(e)),
        error: (err) => subscriber.error(err),
        complete: () => {
          release();
          subscriber.complete();
        },
      });
    });
}
