import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Subscription } from 'rxjs';
import { WebSocket, WebSocketServer } from 'ws';
import type { FirstViewer } from './first-viewer.js';
import { Gatekeeper, reachableHost, type Admission } from './gatekeeper.js';
import { startHeartbeat } from './heartbeat.js';
import { createRequestHandler } from './http-handler.js';
import type { ResolvedOptions } from './serve-options.js';
import type { Subscriber, SubscriberStats } from './subscriber.js';

export interface MonitorStats {
  /** Seq of the last event seen (with several runs: events seen, all runs together). */
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

/**
 * What a monitor serves over its sockets: one run (`serveMonitor`'s fan-out) or many (`serveRuns`'s
 * registry). The server around it — HTTP, the gate, the upgrade, the heartbeat, closing — is the same.
 */
export interface MonitorHub {
  /** One Subscriber per open connection (the heartbeat pings it, close() closes it, stats() reads it). */
  readonly subscribers: Set<Subscriber>;
  /** Serves an accepted WebSocket: its hello, then what it asks for. */
  connect(ws: WebSocket, admission: Admission): void;
  /** Subscribes to the events; called once, after the port is bound. */
  start(): Subscription;
  /** Seq for `stats()`. */
  seq(): number;
  /** Stops every timer and forgets unsent events (the server is closing). */
  stop(): void;
}

const CLOSE_GRACE_MS = 500;

/**
 * Listens on `o.host:o.port` and serves the dashboard's files and the hub's WebSocket: the machinery
 * `serveMonitor` and `serveRuns` share. The hub's events are subscribed only once the port is bound.
 *
 * @example
 * // not run: serveMonitor and serveRuns call it with their hub
 * const server = await startMonitorServer(resolveOptions(events$, {}), hub, new FirstViewer());
 */
export async function startMonitorServer(o: ResolvedOptions, hub: MonitorHub, firstViewer: FirstViewer): Promise<MonitorServer> {
  const gate = new Gatekeeper(o);
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
      if (closing === undefined) return hub.connect(ws, admitted);
      // The upgrade began before close(): this socket was not among those close() ended.
      ws.on('error', () => {});
      ws.terminate();
    });
  });

  try {
    await listen(http, o.port, o.host);
  } catch (err) {
    hub.stop();
    throw new Error(`serveMonitor could not listen on ${o.host}:${o.port}: ${(err as Error).message}`, { cause: err });
  }
  const port = (http.address() as AddressInfo).port;
  gate.listening(port);
  const stopHeartbeat = startHeartbeat(hub.subscribers, o.heartbeatMs);
  // Only now: the port is bound, so whatever the run emits from here on can be watched.
  const subscription: Subscription = hub.start();

  const close = (): Promise<void> => {
    closing ??= (async () => {
      subscription.unsubscribe();
      stopHeartbeat();
      hub.stop();
      firstViewer.closed();
      await closeSockets(hub.subscribers);
      wss.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    })();
    return closing;
  };

  const hostInUrl = reachableHost(o.host);
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
    stats: () => ({ seq: hub.seq(), clients: hub.subscribers.size, subscribers: [...hub.subscribers].map((s) => s.stats()) }),
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
