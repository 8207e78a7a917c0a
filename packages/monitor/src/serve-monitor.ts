import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TrainEvent } from '@gradstream/events';
import { isObservable, type Observable, type Subscription } from 'rxjs';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { parseClientFrame } from './client-frame.js';
import { dashboardAssets, type Asset } from './dashboard-assets.js';
import type { ProtocolErrorFrame } from './protocol.js';
import { RunState, type Sequenced } from './run-state.js';
import { Subscriber, type SubscriberStats } from './subscriber.js';

export interface ServeMonitorOptions {
  /** TCP port; `0` (the default) picks a free one, read it back from `port`. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`: only this machine can connect unless you say otherwise. */
  host?: string;
  /** When set, a WebSocket upgrade must carry it (`?token=` or `Authorization: Bearer`) or is refused with 401. */
  token?: string;
  /** Browser origins allowed to connect (`Origin` header); others get 403. Requests without `Origin` (non-browsers) pass. */
  allowedOrigins?: string[];
  /** Most buckets of loss history in `hello`. Default 512. */
  historySize?: number;
  /** Recent events kept for clients resuming with `?since=`. Default 10 000. */
  logSize?: number;
  /** Largest client frame in bytes; a larger one closes the connection with 1009. Default 4096. */
  maxPayload?: number;
  /** `bufferedAmount` above which a connection counts as slow and its step frames conflate. Default 256 KiB. */
  highWaterMark?: number;
  /** Interval of the ping/pong heartbeat; a peer that misses one is terminated. Default 5000 ms. */
  heartbeatMs?: number;
}

export interface MonitorStats {
  /** Seq of the last event seen. */
  seq: number;
  /** Open WebSocket connections. */
  clients: number;
  subscribers: SubscriberStats[];
}

export interface MonitorServer {
  /** The dashboard's address (with `?token=` when there is one). */
  url: string;
  /** The WebSocket address (with `?token=` when there is one). */
  wsUrl: string;
  port: number;
  host: string;
  stats(): MonitorStats;
  /** Closes every socket (1001), clears every timer and stops listening; resolves when all is closed. */
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 500;

/**
 * Serves a training run to live subscribers: one `ws` WebSocketServer on a Node HTTP server that
 * also serves the dashboard page. Subscribes to `events$` once; every connection first gets a `hello`
 * (the run so far, loss history downsampled to `historySize` min/max/last buckets), then each event
 * with its `seq`. See `protocol.ts` for the frames.
 *
 * Sending never slows the producer: events are recorded synchronously and broadcast on the next turn
 * of the event loop, stringified once; a slow connection's step frames conflate (see `Subscriber`).
 *
 * @example
 * import { serveMonitor } from '@gradstream/monitor';
 * import { of } from 'rxjs';
 * const server = await serveMonitor(of({ type: 'error', message: 'nothing to train' } as const), { port: 0 });
 * console.log(server.url); // http://127.0.0.1:<port>/
 * await server.close();
 */
export async function serveMonitor(events$: Observable<TrainEvent>, options: ServeMonitorOptions = {}): Promise<MonitorServer> {
  const {
    port = 0,
    host = '127.0.0.1',
    token,
    allowedOrigins,
    historySize = 512,
    logSize = 10_000,
    maxPayload = 4096,
    highWaterMark = 256 * 1024,
    heartbeatMs = 5000,
  } = options;
  if (!isObservable(events$)) {
    throw new TypeError(`invalid argument. events$ must be an Observable of TrainEvents. Value: \`${String(events$)}\`.`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`invalid argument. port must be an integer from 0 to 65535. Value: \`${port}\`.`);
  }
  if (token !== undefined && (typeof token !== 'string' || token.length === 0)) {
    throw new TypeError(`invalid argument. token must be a non-empty string. Value: \`${JSON.stringify(token)}\`.`);
  }
  for (const [name, value] of Object.entries({ maxPayload, highWaterMark, heartbeatMs })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`invalid argument. ${name} must be a positive integer. Value: \`${value}\`.`);
    }
  }
  const state = new RunState({ historySize, logSize });
  const subscribers = new Set<Subscriber>();
  const wss = new WebSocketServer({ noServer: true, maxPayload, clientTracking: false });
  let assets: Promise<Map<string, Asset>> | undefined;

  // --- the run: record now, broadcast on the next turn ------------------------------------------
  let pending: Sequenced[] = [];
  let broadcastScheduled: ReturnType<typeof setImmediate> | null = null;
  const broadcast = (): void => {
    broadcastScheduled = null;
    const batch = pending;
    pending = [];
    for (const sub of subscribers) sub.pushAll(batch);
  };
  const onEvent = (event: TrainEvent): void => {
    pending.push(state.record(event));
    broadcastScheduled ??= setImmediate(broadcast);
  };
  const subscription: Subscription = events$.subscribe({
    next: onEvent,
    // A failing source is reported like a failing run, so every client learns why the stream stopped.
    error: (err: unknown) => onEvent({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  });

  // --- HTTP: the dashboard ------------------------------------------------------------------------
  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    assets ??= dashboardAssets().catch((err: unknown) => {
      assets = undefined; // try again on the next request rather than serve the failure forever
      throw err;
    });
    const asset = (await assets).get(path);
    if (asset === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${path}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
  };
  const http = createServer((req, res) => {
    onRequest(req, res).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`dashboard unavailable: ${err.message}\n`);
    });
  });

  // --- WebSocket upgrade: token, origin, resume point ---------------------------------------------
  let closing: Promise<void> | undefined;
  const refuse = (socket: Duplex, status: number, reason: string, message: string): void => {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
    socket.destroy();
  };
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (closing !== undefined) {
      refuse(socket, 503, 'Service Unavailable', 'the monitor is closing\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    if (token !== undefined && !tokenMatches(token, url.searchParams.get('token') ?? bearer(req.headers.authorization))) {
      refuse(socket, 401, 'Unauthorized', 'a valid token is required (?token= or Authorization: Bearer)\n');
      return;
    }
    const origin = req.headers.origin;
    if (allowedOrigins !== undefined && origin !== undefined && !allowedOrigins.includes(origin)) {
      refuse(socket, 403, 'Forbidden', `origin not allowed: ${origin}\n`);
      return;
    }
    const sinceText = url.searchParams.get('since');
    const since = sinceText === null ? 0 : Number(sinceText);
    if (!Number.isInteger(since) || since < 0) {
      refuse(socket, 400, 'Bad Request', `since must be a non-negative integer. Value: \`${sinceText}\`.\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, since));
  });

  // --- one connection -----------------------------------------------------------------------------
  const onConnection = (ws: WebSocket, since: number): void => {
    if (closing !== undefined) {
      // The upgrade began before close(): this socket was not among those close() ended.
      ws.on('error', () => {});
      ws.terminate();
      return;
    }
    const replay = since > 0 ? state.after(since) : undefined;
    const resumed = replay !== undefined;
    // Events recorded but not yet broadcast are in the hello or the replay: the subscriber skips them later.
    const sub = new Subscriber(ws, { highWaterMark, lastSeq: resumed ? since : state.seq, run: state.runIndex });
    subscribers.add(sub);
    ws.on('error', () => ws.terminate());
    ws.on('pong', () => (sub.alive = true));
    ws.on('close', () => {
      subscribers.delete(sub);
      sub.dispose();
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const parsed = isBinary ? { error: 'invalid frame. Frames must be text (JSON), not binary.' } : parseClientFrame(data.toString());
      if ('error' in parsed) {
        const frame: ProtocolErrorFrame = { type: 'error', message: parsed.error };
        sub.sendControl(JSON.stringify(frame));
      } else if (parsed.frame.type === 'ping') {
        sub.sendControl('{"type":"pong"}');
      } else {
        sub.setMaxHz(parsed.frame.maxHz);
      }
    });
    sub.sendControl(JSON.stringify(state.hello(resumed ? since : undefined)));
    if (replay !== undefined) for (const item of replay) sub.push(item);
    // A resume point beyond the server's seq (restarted server still replaying) is skipped as events arrive.
  };

  // --- heartbeat ----------------------------------------------------------------------------------
  const heartbeat = setInterval(() => {
    for (const sub of subscribers) {
      if (!sub.alive) {
        sub.ws.terminate();
        continue;
      }
      sub.alive = false;
      sub.ws.ping();
    }
  }, heartbeatMs);

  // --- listen -------------------------------------------------------------------------------------
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    clearInterval(heartbeat);
    subscription.unsubscribe();
    if (broadcastScheduled !== null) clearImmediate(broadcastScheduled);
    throw new Error(`serveMonitor could not listen on ${host}:${port}: ${(err as Error).message}`, { cause: err });
  }
  const actualPort = (http.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;

  const close = (): Promise<void> => {
    closing ??= (async () => {
      subscription.unsubscribe();
      clearInterval(heartbeat);
      if (broadcastScheduled !== null) clearImmediate(broadcastScheduled);
      const closed = [...subscribers].map((sub) => {
        if (sub.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
        return new Promise<void>((resolve) => {
          sub.ws.once('close', () => resolve());
          sub.ws.close(1001, 'server closing');
        });
      });
      // A peer that does not answer the close handshake (paused, gone) is cut off after a short grace.
      let grace: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.all(closed), new Promise<void>((resolve) => (grace = setTimeout(resolve, CLOSE_GRACE_MS)))]);
      clearTimeout(grace);
      for (const sub of subscribers) sub.ws.terminate();
      await Promise.all(closed);
      wss.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    })();
    return closing;
  };

  return {
    url: `http://${hostInUrl}:${actualPort}/${query}`,
    wsUrl: `ws://${hostInUrl}:${actualPort}/${query}`,
    port: actualPort,
    host,
    stats: () => ({ seq: state.seq, clients: subscribers.size, subscribers: [...subscribers].map((s) => s.stats()) }),
    close,
  };
}

function bearer(header: string | undefined): string | null {
  const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header);
  return match === null ? null : match[1];
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
function tokenMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
