/**
 * The page's WebSocket to the monitor: parses frames, reports the connection state, and reconnects
 * with `?since=<last seq>&run=<run id>` so a dropped connection resumes instead of starting over (and a
 * server that now serves another run sends that run from its start).
 *
 * It stops reconnecting once the run has ended (`done` or `error` seen): a finished run's server may
 * go away for good, and the page should then simply say so. A socket that closes before it opened was
 * either refused or found no server: the page asks `/token-check`, and on 401 reports `refused`
 * ("wrong or missing token") instead of retrying forever.
 *
 * A monitor with replicas (`gradstream serve --redis`) names them in its hello and in `replicas` frames. On losing
 * its socket the page retries its monitor, then each other replica in turn (`replica-rotation.ts`), with the same
 * query (token included: replicas share it), so a page whose monitor died goes on with another by itself; with
 * protocol 2 it then watches its runs again and gets their histories, as after any reconnection. `onState` says
 * which monitor (host:port) the page is on or trying.
 *
 * It connects with `?batch=1`: the steps come many to a frame (binary `steps` frames, decoded here), and
 * `onFrame` gets each step as its own frame, in order — a page then handles one message per broadcast
 * instead of one per step.
 */
import type { BatchServerFrame, ClientFrame, ServerFrame } from '../../src/protocol.js';
import { decodeSteps } from '../../src/steps-codec.js';
import type { RunsClientFrame, RunsServerFrame } from '../../src/runs-protocol.js';
import { ReplicaRotation } from './replica-rotation.js';
import type { ConnectionState } from './store.js';

export interface ConnectionOptions {
  /** ws:// or wss:// URL of the monitor, without a query. */
  url: string;
  /** Sent as `?token=` (a browser cannot set headers on a WebSocket). */
  token?: string;
  /** The control key, sent as `?control=`. */
  control?: string;
  onFrame: (frame: ServerFrame) => void;
  /** The connection's state, and the monitor (host:port) it is on, or the one it is trying. */
  onState: (state: ConnectionState, monitor: string) => void;
  /** Seq of the last event applied, for resuming. */
  lastSeq: () => number;
  /** The id of the run `lastSeq` belongs to, sent as `?run=` so a server now serving another run starts it afresh. */
  runId?: () => string | undefined;
  /** Whether the run is over (then a closed socket stays closed). */
  ended: () => boolean;
  /** Cap on step frames per second, sent as `subscribe` (none: every step). */
  maxHz?: number;
}

export interface Connection {
  /** Sends a frame when the socket is open; returns whether it was sent. */
  send(frame: ClientFrame | RunsClientFrame): boolean;
  close(): void;
}

/**
 * @example
 * // not run: needs the dashboard page (a browser WebSocket and a store)
 * const conn = connect({ url: 'ws://127.0.0.1:8080/', token, onFrame: (f) => store.apply(f), onState: (s) => store.setConnection(s), lastSeq: () => store.lastSeq, ended: () => false });
 * conn.send({ type: 'pause' });
 */
export function connect(options: ConnectionOptions): Connection {
  let socket: WebSocket | null = null;
  const rotation = new ReplicaRotation(options.url);
  const monitor = () => new URL(rotation.url).host;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const address = () => {
    const query = new URLSearchParams({ batch: '1' });
    if (options.token !== undefined) query.set('token', options.token);
    if (options.control !== undefined) query.set('control', options.control);
    const since = options.lastSeq();
    if (since > 0) query.set('since', String(since));
    const runId = options.runId?.();
    if (since > 0 && runId !== undefined) query.set('run', runId);
    const text = query.toString();
    return text === '' ? rotation.url : `${rotation.url}?${text}`;
  };

  const retry = (waitMs: number) => {
    options.onState('reconnecting', monitor());
    timer = setTimeout(open, waitMs);
  };
  /** Frames about the connection itself: the replicas' addresses. True when the page need not see the frame. */
  const connectionFrame = (frame: ServerFrame | RunsServerFrame) => {
    if (frame.type === 'replicas') rotation.known(frame.replicas);
    else if (frame.type === 'hello' && 'replicas' in frame && Array.isArray(frame.replicas)) rotation.known(frame.replicas);
    return frame.type === 'replicas';
  };

  const open = () => {
    const ws = new WebSocket(address());
    ws.binaryType = 'arraybuffer';
    let opened = false;
    socket = ws;
    // A monitor on a machine that vanished (no refusal) would keep the page waiting: give up and try the next.
    const patience = setTimeout(() => ws.close(), OPEN_TIMEOUT_MS);
    ws.onopen = () => {
      clearTimeout(patience);
      opened = true;
      rotation.opened();
      options.onState('open', monitor());
      if (options.maxHz !== undefined) ws.send(JSON.stringify({ type: 'subscribe', maxHz: options.maxHz } satisfies ClientFrame));
    };
    ws.onmessage = (m) => {
      for (const frame of framesOf(m.data)) if (!connectionFrame(frame)) options.onFrame(frame);
    };
    ws.onclose = () => {
      clearTimeout(patience);
      if (socket !== ws) return;
      socket = null;
      if (stopped || options.ended()) return options.onState('closed', monitor());
      if (opened) return retry(rotation.lost());
      // The page's own monitor can say whether the token is wrong; another replica is simply tried next.
      const own = rotation.url === options.url;
      (own ? tokenRefused(options.token) : Promise.resolve(false)).then((refused) => {
        if (stopped) return;
        if (refused) {
          stopped = true;
          options.onState('refused', monitor());
        } else retry(rotation.failed());
      });
    };
  };

  open();
  return {
    send(frame) {
      if (socket === null || socket.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(frame));
      return true;
    },
    close() {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    },
  };
}

const OPEN_TIMEOUT_MS = 5000;

/** A message's frames: a JSON frame, or the steps of a `steps` frame (JSON or binary); none when it cannot be read. */
function framesOf(data: string | ArrayBuffer): ServerFrame[] {
  try {
    const frame = typeof data === 'string' ? (JSON.parse(data) as BatchServerFrame) : null;
    return frame === null ? decodeSteps(data as ArrayBuffer) : frame.type === 'steps' ? decodeSteps(frame) : [frame];
  } catch (err) {
    console.warn('gradstream: ignored a frame it cannot read', (err as Error).message);
    return [];
  }
}

/** Whether the monitor says this token is wrong (or missing); false when it cannot be asked. */
async function tokenRefused(token: string | undefined): Promise<boolean> {
  try {
    const res = await fetch('/token-check', { cache: 'no-store', headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
    return res.status === 401;
  } catch {
    return false; // no server: keep trying to reconnect
  }
}
