// Test helper: a real `ws` client that connects with `?batch=1` and records every frame, text frames parsed
// and binary frames decoded (`{ type: 'binary-steps', steps }` for a binary `steps` frame; the event itself for
// a binary event frame, listed in `packed` too), so tests see what it was sent.
import { opened } from './ws-client.js';
import WebSocket from 'ws';
import { decodeSteps, type BatchServerFrame, type EventFrame } from '../../src/index.js';

export type RecordedFrame = BatchServerFrame | { type: 'binary-steps'; steps: EventFrame[]; bytes: number };

export interface BatchClient {
  ws: WebSocket;
  frames: RecordedFrame[];
  /** The events that came in binary event frames (also in `frames`, as the event), with their frame's size. */
  packed: { event: EventFrame; bytes: number }[];
  /** Resolves once a frame matches (past or future). */
  waitFor(match: (frame: RecordedFrame) => boolean, what: string): Promise<void>;
  close(): Promise<void>;
}

export async function connectBatch(url: string): Promise<BatchClient> {
  const ws = new WebSocket(`${url}${url.includes('?') ? '&' : '?'}batch=1`);
  const frames: RecordedFrame[] = [];
  const packed: { event: EventFrame; bytes: number }[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data, isBinary) => {
    const bytes = data as Buffer;
    const decoded = isBinary ? decodeSteps(bytes) : null;
    if (decoded !== null && decoded[0]?.type !== 'step') {
      frames.push(decoded[0]);
      packed.push({ event: decoded[0], bytes: bytes.length });
    } else frames.push(decoded !== null ? { type: 'binary-steps', steps: decoded, bytes: bytes.length } : (JSON.parse(String(data)) as BatchServerFrame));
    for (const check of [...waiters]) check();
  });
  const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
  await opened(ws);
  return {
    ws,
    frames,
    packed,
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
