import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parseTrainEvent, type TrainEvent } from '@gradstream/events';
import { Observable } from 'rxjs';

export interface FromNdjsonOptions {
  /**
   * Replay speed as a multiple of the recorded run's real time: `1` replays at the pace it was
   * recorded, `10` ten times faster. `Infinity` (the default) emits every event as soon as it is read.
   * Must be positive: `0` is refused rather than read as "paused" or "as fast as possible".
   */
  speed?: number;
  /** Name used in error messages for a stream source. Default `stdin` for `process.stdin`, else `stream`. */
  name?: string;
}

/**
 * Replays a recorded run (NDJSON, one `TrainEvent` a line) from a file path or a readable stream
 * (`process.stdin` for `gradstream serve --stdin`). Blank lines are skipped; a bad line errors with
 * the file/stream name and the line number (`run.ndjson:7`).
 *
 * Input that ends before its run did (no `done` or `error` last: the trainer upstream was killed, the
 * recording cut off) ends with an `error` event saying so — "the event stream ended before the run
 * finished (stdin: 6 events, no done or error event)" — so no consumer takes a cut-off run for a finished
 * or still running one.
 *
 * Timing: only `epoch` and `done` events carry `elapsedMs`, so with a finite `speed` the events up to
 * each of them are spread evenly over the time since the previous one (divided by `speed`). That
 * buffers at most one epoch of events. Reading is paced by the replay (backpressure), so a long file
 * is never loaded whole.
 *
 * @example
 * // not run: needs a recording (`gradstream train --record run.ndjson`)
 * import { fromNdjson, serveMonitor } from '@gradstream/monitor';
 * const server = await serveMonitor(fromNdjson('run.ndjson', { speed: 1 }), { port: 8080 });
 */
export function fromNdjson(source: string | Readable, { speed = Infinity, name }: FromNdjsonOptions = {}): Observable<TrainEvent> {
  if (typeof speed !== 'number' || !(speed > 0)) {
    throw new RangeError(`invalid argument. speed must be a positive number (Infinity replays as fast as possible). Value: \`${speed}\`.`);
  }
  const where = typeof source === 'string' ? source : (name ?? (source === process.stdin ? 'stdin' : 'stream'));

  return new Observable<TrainEvent>((subscriber) => {
    const input = typeof source === 'string' ? createReadStream(source) : source;
    const lines = createInterface({ input, crlfDelay: Infinity });
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let wake: (() => void) | null = null;

    const sleep = (ms: number): Promise<void> =>
      new Promise((resolve) => {
        wake = resolve;
        timer = setTimeout(() => {
          timer = null;
          wake = null;
          resolve();
        }, ms);
      });

    const replay = async (): Promise<void> => {
      let lineNo = 0;
      // Pacing: events wait in `batch` until one with elapsedMs says when the batch ends.
      let batch: TrainEvent[] = [];
      let lastElapsed = 0;
      const started = performance.now();
      const release = async (until: number): Promise<void> => {
        const span = Math.max(0, until - lastElapsed);
        for (const [i, event] of batch.entries()) {
          const due = started + (lastElapsed + (span * (i + 1)) / batch.length) / speed;
          const wait = due - performance.now();
          if (wait > 1) await sleep(wait);
          if (stopped) return;
          subscriber.next(event);
        }
        batch = [];
        lastElapsed = Math.max(lastElapsed, until);
      };
      let count = 0;
      let last: TrainEvent | undefined;
      for await (const line of lines) {
        lineNo++;
        if (stopped) return;
        if (line.trim() === '') continue;
        const event = parseTrainEvent(line, `${where}:${lineNo}`);
        count++;
        last = event;
        if (speed === Infinity) {
          subscriber.next(event);
          continue;
        }
        batch.push(event);
        if ('elapsedMs' in event && typeof event.elapsedMs === 'number') await release(event.elapsedMs);
        if (stopped) return;
      }
      if (last?.type !== 'done' && last?.type !== 'error') batch.push(endedEarly(where, count));
      // Trailing events with no time after them (a run cut short) go out at once.
      await release(lastElapsed);
      if (!stopped) subscriber.complete();
    };

    input.once('error', (err: Error) => {
      if (!stopped) subscriber.error(new Error(`fromNdjson cannot read ${where}: ${err.message}`, { cause: err }));
    });
    replay().catch((err: Error) => {
      if (!stopped) subscriber.error(err);
    });

    return () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      (wake as (() => void) | null)?.();
      lines.close();
      if (typeof source === 'string') input.destroy();
    };
  });
}

/** The `error` event that ends input which stopped before its run finished. */
function endedEarly(where: string, count: number): TrainEvent {
  const what = count === 0 ? 'no event' : `${count} event${count === 1 ? '' : 's'}, no done or error event`;
  return { type: 'error', message: `the event stream ended before the run finished (${where}: ${what})` };
}
