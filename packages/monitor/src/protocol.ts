/**
 * The monitor's wire protocol, version 1: JSON text frames over one WebSocket.
 *
 * Server → client:
 * - `hello` once on connect: everything a late joiner needs to draw the run so far;
 * - every `TrainEvent` of the run (the `@gradstream/events` schema, unchanged) with a `seq` number,
 *   1-based and increasing by one per event of the run, so a client can resume after a drop (a stream
 *   that starts a second run with a new `run` event restarts the numbering at 1);
 * - `pong` in answer to `ping`;
 * - `{ type: 'error', message }` **without** `seq` when a client frame was malformed or unknown
 *   (a run's own `error` event always has a `seq`).
 *
 * Client → server: `subscribe` (cap the step rate), `ping`.
 * A client resumes by connecting with `?since=<last seq seen>`: the `hello` then carries
 * `resumedFrom` and the server sends only the events after it.
 *
 * @example
 * import WebSocket from 'ws';
 * import type { ServerFrame } from '@gradstream/monitor';
 * const ws = new WebSocket('ws://127.0.0.1:8080/');
 * ws.on('message', (data) => { const frame = JSON.parse(String(data)) as ServerFrame; console.log(frame.type); });
 */
import type { DoneEvent, EpochEvent, ErrorEvent, RunEvent, StepExplanation, TrainEvent } from '@gradstream/events';

export const PROTOCOL_VERSION = 1 as const;

/** One bucket of the downsampled loss history: its step range and the min, max and last loss in it. */
export interface LossBucket {
  fromStep: number;
  toStep: number;
  min: number;
  max: number;
  last: number;
}

/** The latest parameters and loss seen. */
export interface LatestState {
  epoch: number;
  globalStep: number;
  loss: number;
  w: number[];
  b: number;
  gradNorm: number;
}

/** First frame on every connection. */
export interface HelloFrame {
  type: 'hello';
  protocol: typeof PROTOCOL_VERSION;
  /** `v` of the event schema. */
  schema: number;
  /** `seq` of the last event the server has seen (0 before the run starts). */
  seq: number;
  run: RunEvent | null;
  latest: LatestState | null;
  epochs: EpochEvent[];
  /** Loss per step so far, in at most `historySize` buckets, oldest first. */
  history: LossBucket[];
  /** The most recent step explanation, when the run produces them. */
  explain: StepExplanation | null;
  done: DoneEvent | null;
  error: ErrorEvent | null;
  /** Present when the client connected with `?since=`: events after this seq follow. */
  resumedFrom?: number;
}

/** A run event as sent on the wire. */
export type EventFrame = TrainEvent & { seq: number };

export interface PongFrame {
  type: 'pong';
}

/** Answer to a client frame the server could not accept; the connection stays open. */
export interface ProtocolErrorFrame {
  type: 'error';
  message: string;
}

export type ServerFrame = HelloFrame | EventFrame | PongFrame | ProtocolErrorFrame;

/** Caps this client's `step` frames to `maxHz` per second; `epoch`, `done`, `error` are never dropped. */
export interface SubscribeFrame {
  type: 'subscribe';
  maxHz: number;
}

export interface PingFrame {
  type: 'ping';
}

export type ClientFrame = SubscribeFrame | PingFrame;
