// Test helper: a real `ws` client that connects with `?batch=1` and records every frame, text frames parsed
// and binary `steps` frames decoded (`{ type: 'binary-steps', steps }`), so tests see what it was sent.
import { opened } from './ws-client.js';
import WebSocket from 'ws';
import { decodeSteps, type BatchServerFrame, type EventFrame } from '../../src/index.js';

export type RecordedFrame = BatchServerFrame | { type: 'binary-steps'; steps: EventFrame[]; bytes: number };

export interface BatchClient {
  ws: WebSocket;
  frames: RecordedFrame[];
  /** Resolves once a frame matches (past or future). */
  waitFor(match: (frame: RecordedFrame) => boolean, what: string): Promise<void>;
  close(): Promise<void>;
}

export async function connectBatch(url: string): Promise<BatchClient> {
  const ws = new WebSocket(`${url}${url.includes('?') ? '&' : '?'}batch=1`);
  const frames: RecordedFrame[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data, isBinary) => {
    const bytes = data as Buffer;
    frames.push(isBinary ? { type: 'binary-steps', steps: decodeSteps(bytes), bytes: bytes.length } : (JSON.parse(String(data)) as BatchServerFrame));
    for (const check of [...waiters]) check();
  });
  const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
  await opened(ws);
  return {
    ws,
    frames,
    waitFor(match, what) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 10_000);
        const check = () => {
          if (!frames.some(match)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
}

/** Every event a batch client was sent, in order: steps frames (JSON or binary) decoded into step frames. */
export function eventsOf(frames: readonly RecordedFrame[]): EventFrame[] {
  return frames.flatMap((f) => {
    if (f.type === 'binary-steps') return f.steps;
    if (f.type === 'steps') return decodeSteps(f);
    return 'seq' in f && f.type !== 'hello' ? [f as EventFrame] : [];
  });
}
