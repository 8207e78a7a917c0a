import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TrainEvent } from '@gradstream/events';
import type { Observable, Subscription } from 'rxjs';
import { WebSocket, WebSocketServer } from 'ws';
import { serveConnection, type ConnectionContext } from './connection.js';
import { ControlChannel } from './control-channel.js';
import { FanOut } from './fan-out.js';
import { FirstViewer } from './first-viewer.js';
import { Gatekeeper } from './gatekeeper.js';
import { startHeartbeat } from './heartbeat.js';
import { createRequestHandler } from './http-handler.js';
import { resolveOptions, type ServeMonitorOptions } from './serve-options.js';
import type { Subscriber, SubscriberStats } from './subscriber.js';

export type { ServeMonitorOptions };

export interface MonitorStats {
  /** Seq of the last event seen. */
  seq: number;
  /** Open WebSocket connections. */
  clients: number;
  subscribers: SubscriberStats[];
}

export interface MonitorServer {
  /** The dashboard's address, with `?token=` and `?control=` when there are: the controlling view. */
  url: string;
  /** The dashboard's address without the control key: a read-only view when there is a `controlToken`. */
  viewUrl: string;
  /** The WebSocket address, with `?token=` and `?control=` when there are. */
  wsUrl: string;
  port: number;
  host: string;
  stats(): MonitorStats;
  /** Resolves when the first WebSocket client has been sent its hello; rejects if the server closes first. */
  firstViewer(): Promise<void>;
  /** Closes every socket (1001), clears every timer and stops listening; resolves when all is closed. */
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 500;

/**
 * Serves a training run to live subscribers: one `ws` WebSocketServer on a Node HTTP server that
 * also serves the dashboard page. Subscribes to `events$` once, after the port is bound (so a
 * synchronous run cannot be over, or a port conflict cost the run, before anyone can watch). Every
 * connection first gets a `hello` (the run so far, loss history downsampled to `historySize`
 * min/max/last buckets, the control state), then each event with its `seq`. See `protocol.ts`.
 *
 * Who may connect and control: see `gatekeeper.ts` (same-origin pages and non-browsers, `token`,
 * `controlToken`, `allowedOrigins`). Sending never slows the producer (see `FanOut`, `Subscriber`).
 *
 * @example
 * import { serveMonitor } from '@gradstream/monitor';
 * import { of } from 'rxjs';
 * const server = await serveMonitor(of({ type: 'error', message: 'nothing to train' } as const), { port: 0 });
 * console.log(server.url); // http://127.0.0.1:<port>/
 * await server.close();
 */
export async function serveMonitor(events$: Observable<TrainEvent>, options: ServeMonitorOptions = {}): Promise<MonitorServer> {
  const o = resolveOptions(events$, options);
  const fanOut = new FanOut({ historySize: o.historySize, logSize: o.logSize });
  const channel = new ControlChannel(o.control, fanOut);
  channel.start();
  const gate = new Gatekeeper(o);
  const firstViewer = new FirstViewer();
  const context: ConnectionContext = { fanOut, channel, firstViewer, highWaterMark: o.highWaterMark, maxBufferedBytes: o.maxBufferedBytes, rateLimit: o.rateLimit };
  const wss = new WebSocketServer({ noServer: true, maxPayload: o.maxPayload, clientTracking: false });
  const http = createServer(createRequestHandler(gate));
  let closing: Promise<void> | undefined;

  http.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const admitted = closing === undefined ? gate.admit(req) : { status: 503, reason: 'Service Unavailable', message: 'the monitor is closing\n' };
    if ('status' in admitted) {
      const { status, reason, message } = admitted;
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (closing === undefined) return serveConnection(ws, admitted, context);
      // The upgrade began before close(): this socket was not among those close() ended.
      ws.on('error', () => {});
      ws.terminate();
    });
  });

  try {
    await listen(http, o.port, o.host);
  } catch (err) {
    channel.stop();
    throw new Error(`serveMonitor could not listen on ${o.host}:${o.port}: ${(err as Error).message}`, { cause: err });
  }
  const port = (http.address() as AddressInfo).port;
  gate.listening(port);
  const stopHeartbeat = startHeartbeat(fanOut.subscribers, o.heartbeatMs);
  // Only now: the port is bound, so whatever the run emits from here on can be watched.
  const subscription: Subscription = events$.subscribe({ next: fanOut.record, error: fanOut.fail });

  const close = (): Promise<void> => {
    closing ??= (async () => {
      subscription.unsubscribe();
      channel.stop();
      stopHeartbeat();
      fanOut.dispose();
      firstViewer.closed();
      await closeSockets(fanOut.subscribers);
      wss.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    })();
    return closing;
  };

  const hostInUrl = o.host.includes(':') ? `[${o.host}]` : o.host;
  const query = (withControl: boolean) => {
    const params = new URLSearchParams();
    if (o.token !== undefined) params.set('token', o.token);
    if (withControl && o.controlToken !== undefined) params.set('control', o.controlToken);
    const text = params.toString();
    return text === '' ? '' : `?${text}`;
  };
  return {
    url: `http://${hostInUrl}:${port}/${query(true)}`,
    viewUrl: `http://${hostInUrl}:${port}/${query(false)}`,
    wsUrl: `ws://${hostInUrl}:${port}/${query(true)}`,
    port,
    host: o.host,
    stats: () => ({ seq: fanOut.state.seq, clients: fanOut.subscribers.size, subscribers: [...fanOut.subscribers].map((s) => s.stats()) }),
    firstViewer: () => firstViewer.wait(),
    close,
  };
}

function listen(http: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
}

/** Closes every connection (1001); a peer that does not answer the close handshake (paused, gone) is cut off after a short grace. */
async function closeSockets(subscribers: Set<Subscriber>): Promise<void> {
  const closed = [...subscribers].map((sub) => {
    if (sub.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise<void>((resolve) => {
      sub.ws.once('close', () => resolve());
      sub.ws.close(1001, 'server closing');
    });
  });
  let grace: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([Promise.all(closed), new Promise<void>((resolve) => (grace = setTimeout(resolve, CLOSE_GRACE_MS)))]);
  clearTimeout(grace);
  for (const sub of subscribers) sub.ws.terminate();
  await Promise.all(closed);
}
