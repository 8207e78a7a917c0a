/**
 * The page's WebSocket to the monitor: parses frames, reports the connection state, and reconnects
 * with `?since=<last seq>` so a dropped connection resumes instead of starting over.
 *
 * It stops reconnecting once the run has ended (`done` or `error` seen): a finished run's server may
 * go away for good, and the page should then simply say so.
 */
import type { ClientFrame, ServerFrame } from '../../src/protocol.js';
import type { ConnectionState } from './store.js';

export interface ConnectionOptions {
  /** ws:// or wss:// URL of the monitor, without a query. */
  url: string;
  onFrame: (frame: ServerFrame) => void;
  onState: (state: ConnectionState) => void;
  /** Seq of the last event applied, for resuming. */
  lastSeq: () => number;
  /** Whether the run is over (then a closed socket stays closed). */
  ended: () => boolean;
  /** Cap on step frames per second, sent as `subscribe` (none: every step). */
  maxHz?: number;
}

/**
 * @example
 * connect({ url: 'ws://127.0.0.1:8080/', onFrame: (f) => store.apply(f), onState: (s) => store.setConnection(s), lastSeq: () => store.lastSeq, ended: () => false });
 */
export function connect(options: ConnectionOptions): { close(): void } {
  let socket: WebSocket | null = null;
  let retryMs = 500;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const open = () => {
    const since = options.lastSeq();
    const ws = new WebSocket(since > 0 ? `${options.url}?since=${since}` : options.url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 500;
      options.onState('open');
      if (options.maxHz !== undefined) send(ws, { type: 'subscribe', maxHz: options.maxHz });
    };
    ws.onmessage = (m) => {
      if (typeof m.data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(m.data) as ServerFrame;
      } catch {
        console.warn('gradstream: ignored a frame that is not JSON', m.data.slice(0, 80));
        return;
      }
      options.onFrame(frame);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      if (stopped || options.ended()) {
        options.onState('closed');
        return;
      }
      options.onState('reconnecting');
      timer = setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };

  open();
  return {
    close() {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    },
  };
}

function send(ws: WebSocket, frame: ClientFrame): void {
  ws.send(JSON.stringify(frame));
}
