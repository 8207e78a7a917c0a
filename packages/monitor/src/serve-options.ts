import { isObservable, type Observable } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import type { KnownReplicas } from './known-replicas.js';
import { assertRunControl, type RunControl } from './run-control.js';

export interface ServeMonitorOptions {
  /** TCP port; `0` (the default) picks a free one, read it back from `port`. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`: only this machine can connect unless you say otherwise. */
  host?: string;
  /** When set, a WebSocket upgrade must carry it (`?token=` or `Authorization: Bearer`) or is refused with 401. */
  token?: string;
  /** When set, only connections that present it (`?control=`) may control the run; the others are read-only. */
  controlToken?: string;
  /**
   * Browser origins allowed besides the monitor's own (`http://localhost:5173`); their host names are
   * accepted in `Host` headers too. Requests without `Origin` (non-browsers) pass.
   */
  allowedOrigins?: string[];
  /** Pause, step, speed and seek for the producer of `events$`; without it the run cannot be controlled. */
  control?: RunControl;
  /** Most buckets of loss history in `hello`. Default 512. */
  historySize?: number;
  /** Recent events kept for clients resuming with `?since=`. Default 10 000. */
  logSize?: number;
  /** Largest client frame in bytes; a larger one closes the connection with 1009. Default 4096. */
  maxPayload?: number;
  /** `bufferedAmount` above which a connection counts as slow and its step frames conflate. Default 256 KiB. */
  highWaterMark?: number;
  /**
   * Most bytes waiting to be sent to one connection — every frame counts: events, the hello, pongs, protocol
   * errors. A client past it does not read; it is closed with 1013 and the reason. Default 4 MiB (a hello is
   * at most a few hundred KB), or twice `highWaterMark` when that is more; at least twice `highWaterMark`.
   */
  maxBufferedBytes?: number;
  /** Interval of the ping/pong heartbeat; a peer that misses one is terminated. Default 5000 ms. */
  heartbeatMs?: number;
  /** Client frames a connection may send: `perSecond` on average, `burst` at once. Default 20 and 40. */
  rateLimit?: { perSecond?: number; burst?: number };
}

/** The options with their defaults, validated. */
export type ResolvedOptions = Required<Omit<ServeMonitorOptions, 'token' | 'controlToken' | 'allowedOrigins' | 'control' | 'rateLimit'>> &
  Pick<ServeMonitorOptions, 'token' | 'controlToken' | 'control'> & {
    allowedOrigins: string[];
    rateLimit: { perSecond: number; burst: number };
    /** The replicas serving the same runs (`serveRuns`'s `replicas`): their origins pass the gate. */
    replicas?: KnownReplicas;
  };

/**
 * Applies the defaults and checks every option, naming the argument, the rule and the value.
 *
 * @example
 * import { NEVER } from 'rxjs';
 * import { resolveOptions } from './serve-options.js';
 * console.log(resolveOptions(NEVER, {}).rateLimit); // { perSecond: 20, burst: 40 }
 * try {
 *   resolveOptions(NEVER, { port: -1 });
 * } catch (err) {
 *   console.log((err as Error).message); // invalid argument. port must be an integer from 0 to 65535. Value: `-1`.
 * }
 */
export function resolveOptions(events$: Observable<TrainEvent>, options: ServeMonitorOptions): ResolvedOptions {
  if (!isObservable(events$)) {
    throw new TypeError(`invalid argument. events$ must be an Observable of TrainEvents. Value: \`${String(events$)}\`.`);
  }
  const o: ResolvedOptions = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    token: options.token,
    controlToken: options.controlToken,
    allowedOrigins: options.allowedOrigins ?? [],
    control: options.control,
    historySize: options.historySize ?? 512,
    logSize: options.logSize ?? 10_000,
    maxPayload: options.maxPayload ?? 4096,
    highWaterMark: options.highWaterMark ?? 256 * 1024,
    maxBufferedBytes: options.maxBufferedBytes ?? Math.max(4 * 1024 * 1024, 2 * (options.highWaterMark ?? 0)),
    heartbeatMs: options.heartbeatMs ?? 5000,
    rateLimit: { perSecond: options.rateLimit?.perSecond ?? 20, burst: options.rateLimit?.burst ?? 40 },
  };
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) {
    throw new RangeError(`invalid argument. port must be an integer from 0 to 65535. Value: \`${o.port}\`.`);
  }
  if (typeof o.host !== 'string' || o.host.length === 0) {
    throw new TypeError(`invalid argument. host must be a non-empty string. Value: \`${JSON.stringify(o.host)}\`.`);
  }
  for (const [name, value] of Object.entries({ token: o.token, controlToken: o.controlToken })) {
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) {
      throw new TypeError(`invalid argument. ${name} must be a non-empty string. Value: \`${JSON.stringify(value)}\`.`);
    }
  }
  if (o.controlToken !== undefined && o.controlToken === o.token) {
    throw new RangeError('invalid argument. controlToken must differ from token (otherwise every viewer could control). Value: the same string.');
  }
  checkOrigins(o.allowedOrigins);
  if (o.control !== undefined) assertRunControl(o.control);
  const integers = { maxPayload: o.maxPayload, highWaterMark: o.highWaterMark, heartbeatMs: o.heartbeatMs, 'rateLimit.burst': o.rateLimit.burst };
  for (const [name, value] of Object.entries(integers)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`invalid argument. ${name} must be a positive integer. Value: \`${value}\`.`);
    }
  }
  if (!Number.isInteger(o.maxBufferedBytes) || o.maxBufferedBytes < 2 * o.highWaterMark) {
    throw new RangeError(`invalid argument. maxBufferedBytes must be an integer of at least twice highWaterMark (${2 * o.highWaterMark}). Value: \`${o.maxBufferedBytes}\`.`);
  }
  if (typeof o.rateLimit.perSecond !== 'number' || !(o.rateLimit.perSecond > 0) || !Number.isFinite(o.rateLimit.perSecond)) {
    throw new RangeError(`invalid argument. rateLimit.perSecond must be a positive finite number. Value: \`${o.rateLimit.perSecond}\`.`);
  }
  return o;
}

/** Each entry must be an origin exactly as a browser sends it: scheme, host and port, no path. */
function checkOrigins(origins: unknown): void {
  if (!Array.isArray(origins)) {
    throw new TypeError(`invalid argument. allowedOrigins must be an array of origins such as "http://localhost:5173". Value: \`${String(origins)}\`.`);
  }
  for (const origin of origins) {
    let normal: string | undefined;
    try {
      normal = new URL(String(origin)).origin;
    } catch {
      normal = undefined;
    }
    if (typeof origin !== 'string' || normal !== origin.replace(/\/$/, '').toLowerCase() || normal === 'null') {
      throw new RangeError(`invalid argument. allowedOrigins must hold origins such as "http://localhost:5173" (scheme, host and port; no path). Value: \`${JSON.stringify(origin)}\`.`);
    }
  }
}
