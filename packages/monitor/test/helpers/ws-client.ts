// Test helper: a real `ws` client that records every frame and lets a test wait for one.
import WebSocket, { type ClientOptions } from 'ws';
import type { ServerFrame } from '../../src/index.js';

export interface RecordingClient {
  ws: WebSocket;
  frames: ServerFrame[];
  /** Resolves with the first recorded frame (past or future) that matches. */
  waitFor(match: (frame: ServerFrame) => boolean, what?: string): Promise<ServerFrame>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export async function connect(url: string, options?: ClientOptions): Promise<RecordingClient> {
  const ws = new WebSocket(url, options);
  const frames: ServerFrame[] = [];
  const waiters: { match: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as ServerFrame;
    frames.push(frame);
    for (const w of [...waiters]) {
      if (w.match(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await opened(ws);
  return {
    ws,
    frames,
    closed,
    waitFor(match, what = 'frame') {
      const found = frames.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 10_000);
        waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
      });
    },
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
}

/** Sends a ping and waits for the pong: every frame sent before it has been processed by the server. */
export async function roundTrip(client: RecordingClient): Promise<void> {
  const before = client.frames.filter((f) => f.type === 'pong').length;
  client.ws.send('{"type":"ping"}');
  await client.waitFor(() => client.frames.filter((f) => f.type === 'pong').length > before, 'pong');
}

/** The HTTP status a WebSocket upgrade gets: 101 when it opens, otherwise the refusal's status code. */
export function upgradeStatus(url: string, options?: ClientOptions): Promise<number> {
  return new Promise<number>((resolve) => {
    const ws = new WebSocket(url, options);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => {});
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
  });
}

/** Resolves when the socket is open, rejects on its first error. */
export function opened(ws: WebSocket): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}
