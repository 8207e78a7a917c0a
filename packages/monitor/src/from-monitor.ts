import type { TrainEvent } from '@gradstream/events';
import { toTrainEvent } from '@gradstream/events';
import { Observable } from 'rxjs';
import { WebSocket } from 'ws';
import type { HelloFrame, ServerFrame } from './protocol.js';

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
 * event (without its `seq`). Steps before the connection are only in the hello's loss history, so
 * they are not replayed. It completes after `done` or the run's `error` event.
 *
 * When the connection drops it reconnects with `?since=<last seq>`, and the server sends exactly the
 * events after it (a server restarted over the same run numbers events the same way). If the server
 * no longer has them, it sends a full hello and the epochs missed are emitted from it, deduplicated
 * by epoch number: no epoch event is lost or repeated; only the steps of the gap are skipped.
 *
 * @example
 * import { fromMonitor } from '@gradstream/monitor';
 * fromMonitor('ws://127.0.0.1:8080/').subscribe((e) => { if (e.type === 'epoch') console.log(e.epoch, e.loss); });
 */
export function fromMonitor(url: string, options: FromMonitorOptions = {}): Observable<TrainEvent> {
  const base = URL.canParse(String(url)) ? new URL(url) : undefined;
  if (base === undefined) throw new TypeError(`invalid argument. url must be a ws:, wss:, http: or https: URL. Value: \`${url}\`.`);
  if (base.protocol === 'http:') base.protocol = 'ws:';
  if (base.protocol === 'https:') base.protocol = 'wss:';
  if (base.protocol !== 'ws:' && base.protocol !== 'wss:') {
    throw new TypeError(`invalid argument. url must be a ws:, wss:, http: or https: URL. Value: \`${url}\`.`);
  }
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

  return new Observable<TrainEvent>((subscriber) => {
    let ws: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastSeq = 0;
    let lastEpoch = 0;
    let sawRun = false;
    let finished = false;
    let failures = 0;

    const emit = (event: TrainEvent): void => {
      if (event.type === 'epoch') {
        if (event.epoch <= lastEpoch) return;
        lastEpoch = event.epoch;
      }
      if (event.type === 'run') sawRun = true;
      subscriber.next(event);
      if (event.type === 'done' || event.type === 'error') {
        finished = true;
        subscriber.complete();
      }
    };

    const onHello = (hello: HelloFrame): void => {
      if (hello.resumedFrom === undefined) {
        // A fresh view of the run: emit what we have not emitted yet, then continue after hello.seq.
        if (hello.run !== null && !sawRun) emit(hello.run);
        for (const epoch of hello.epochs) emit(epoch);
        lastSeq = hello.seq;
        if (hello.done !== null) emit(hello.done);
        else if (hello.error !== null) emit(hello.error);
      } else if (hello.seq <= lastSeq) {
        // Resumed at or past the server's last event: nothing follows, so an ended run ends here.
        if (hello.done !== null) emit(hello.done);
        else if (hello.error !== null) emit(hello.error);
      }
    };

    const connect = (): void => {
      const target = new URL(base);
      if (lastSeq > 0) target.searchParams.set('since', String(lastSeq));
      const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
      const socket = new WebSocket(target, { headers });
      ws = socket;
      socket.on('open', () => {
        failures = 0;
        if (maxHz !== undefined) socket.send(JSON.stringify({ type: 'subscribe', maxHz }));
      });
      socket.on('message', (data) => {
        if (finished) return;
        let frame: ServerFrame;
        try {
          frame = JSON.parse(String(data)) as ServerFrame;
        } catch (err) {
          fail(new SyntaxError(`fromMonitor: the server at ${base.host} sent a frame that is not JSON. ${(err as Error).message}.`));
          return;
        }
        if (frame.type === 'hello') {
          onHello(frame);
        } else if (frame.type === 'pong') {
          // nothing to do
        } else if (!('seq' in frame)) {
          fail(new Error(`fromMonitor: the server at ${base.host} refused a frame: ${(frame as { message: string }).message}`));
        } else if (frame.seq > lastSeq) {
          lastSeq = frame.seq;
          const { seq: _seq, ...event } = frame;
          let checked: TrainEvent;
          try {
            checked = toTrainEvent(event, `the frame with seq ${frame.seq} from ${base.host}`);
          } catch (err) {
            fail(err as Error);
            return;
          }
          emit(checked);
        }
      });
      socket.on('error', () => {
        // 'close' follows and decides whether to retry.
      });
      socket.on('unexpected-response', (_req, res) => {
        // A refused upgrade (401, 403, 400) will not get better by retrying.
        fail(new Error(`fromMonitor: the server at ${base.host} refused the connection: ${res.statusCode} ${res.statusMessage ?? ''}`.trim()));
        res.resume();
      });
      socket.on('close', (code) => {
        if (ws !== socket || finished || subscriber.closed) return;
        ws = null;
        if (reconnect === false || failures >= retries) {
          fail(new Error(`fromMonitor: the connection to ${base.host} closed (code ${code}) before the run finished.`));
          return;
        }
        const wait = Math.min(maxDelayMs, delayMs * 2 ** failures);
        failures++;
        timer = setTimeout(() => {
          timer = null;
          connect();
        }, wait);
      });
    };

    const fail = (err: Error): void => {
      if (finished) return;
      finished = true;
      subscriber.error(err);
    };

    connect();
    return () => {
      finished = true;
      if (timer !== null) clearTimeout(timer);
      if (ws !== null) {
        const socket = ws;
        ws = null;
        if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
        else socket.close(1000);
      }
    };
  });
}
