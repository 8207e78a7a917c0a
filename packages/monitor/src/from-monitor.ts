import type { TrainEvent } from '@gradstream/events';
import { Observable } from 'rxjs';
import { MonitorFollower } from './monitor-follower.js';

export interface ReconnectOptions {
  /** Attempts after a drop before giving up (the count restarts after each successful connection). Default Infinity. */
  retries?: number;
  /** First delay; it doubles on every failed attempt up to `maxDelayMs`. Default 100 ms. */
  delayMs?: number;
  maxDelayMs?: number;
}

export interface FromMonitorOptions {
  /** Sent as `Authorization: Bearer`; a `?token=` already in the URL works too. */
  token?: string;
  /** Reconnect after a dropped connection and resume after the last seq seen. Default `true`; `false` errors instead. */
  reconnect?: boolean | ReconnectOptions;
  /** Ask the server to send at most this many step events per second. */
  maxHz?: number;
}

/**
 * The run served by a gradstream monitor, as an `Observable<TrainEvent>` (Node; uses `ws`).
 *
 * On subscribe it connects; from the `hello` it emits the run and every epoch so far, then each live
 * event (without its `seq`). It connects with `?batch=1`, so the steps come many to a frame (binary
 * `steps` frames) and are emitted one by one, in order, as from a frame per event. Steps before the connection are only in the hello's loss history, so
 * they are not replayed. It completes after `done` or the run's `error` event.
 *
 * When the connection drops it reconnects with `?since=<last seq>&run=<run id>`, and the server sends
 * exactly the events after it (a server restarted over the same run numbers events the same way). If the
 * server no longer has them, it sends a full hello and the epochs missed are emitted from it, deduplicated
 * by epoch number: no epoch event is lost or repeated; only the steps of the gap are skipped.
 *
 * If the server now serves a *different* run (it restarted with a new one), the old run is not spliced
 * into the new one: an `error` event says that the run followed so far was cut off and which run follows
 * ("fromMonitor: the monitor at HOST now serves another run (ID); the run followed so far (ID) ended
 * unfinished here. Following the new run from its start."), then the new run's events follow from its
 * `run` event, and the Observable completes after the new run's `done` or `error`.
 *
 * @example
 * import { fromMonitor, serveMonitor } from '@gradstream/monitor';
 * import { lastValueFrom, of, toArray } from 'rxjs';
 * const server = await serveMonitor(of({ type: 'error', message: 'nothing to train' } as const));
 * const events = await lastValueFrom(fromMonitor(server.wsUrl).pipe(toArray()));
 * console.log(events); // [ { type: 'error', message: 'nothing to train' } ]
 * await server.close();
 */
export function fromMonitor(url: string, options: FromMonitorOptions = {}): Observable<TrainEvent> {
  const base = monitorUrl(url);
  const { token, maxHz } = options;
  const reconnect = options.reconnect ?? true;
  const { retries = Infinity, delayMs = 100, maxDelayMs = 2000 } = typeof reconnect === 'object' ? reconnect : {};
  for (const [name, value] of Object.entries({ retries, delayMs, maxDelayMs })) {
    if (typeof value !== 'number' || !(value >= 0)) {
      throw new RangeError(`invalid argument. reconnect.${name} must be a non-negative number. Value: \`${value}\`.`);
    }
  }
  if (maxHz !== undefined && !(typeof maxHz === 'number' && maxHz > 0)) {
    throw new RangeError(`invalid argument. maxHz must be a positive number. Value: \`${maxHz}\`.`);
  }
  const settings = { base, token, maxHz, reconnect: reconnect !== false, retries, delayMs, maxDelayMs };
  return new Observable<TrainEvent>((subscriber) => {
    const follower = new MonitorFollower(settings, subscriber);
    follower.connect();
    return () => follower.stop();
  });
}

/** The WebSocket address of a monitor given as ws:, wss:, http: or https:. */
function monitorUrl(url: string): URL {
  const base = URL.canParse(String(url)) ? new URL(url) : undefined;
  if (base === undefined) throw new TypeError(`invalid argument. url must be a ws:, wss:, http: or https: URL. Value: \`${url}\`.`);
  if (base.protocol === 'http:') base.protocol = 'ws:';
  if (base.protocol === 'https:') base.protocol = 'wss:';
  if (base.protocol !== 'ws:' && base.protocol !== 'wss:') {
    throw new TypeError(`invalid argument. url must be a ws:, wss:, http: or https: URL. Value: \`${url}\`.`);
  }
  return base;
}
