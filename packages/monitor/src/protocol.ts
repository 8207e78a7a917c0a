/**
 * The monitor's wire protocol, version 1: JSON text frames over one WebSocket.
 *
 * Server → client:
 * - `hello` once on connect: everything a late joiner needs to draw the run so far;
 * - every `TrainEvent` of the run (the `@gradstream/events` schema, unchanged) with a `seq` number,
 *   1-based and increasing by one per event of the run, so a client can resume after a drop (a stream
 *   that starts a second run with a new `run` event restarts the numbering at 1);
 * - to a client that connected with `?batch=1` only: `steps` frames in place of `step` frames, the steps
 *   of one broadcast in one frame — binary when the steps hold only numbers, else JSON (see `StepsFrame`);
 * - `pong` in answer to `ping`;
 * - `{ type: 'control', paused, stepsPerSecond, canSeek }` **without** `seq` whenever the run's
 *   control state changes (only from a server given a `RunControl`);
 * - `{ type: 'error', message }` **without** `seq` when a client frame was malformed, unknown, over
 *   the rate limit, or a control command this connection may not send (a run's own `error` event
 *   always has a `seq`).
 *
 * Client → server: `subscribe` (cap the step rate), `ping`, and the control commands (`pause`,
 * `resume`, `step`, `speed`, `seek`, `explain`; see `ControlCommand`), which only a connection that
 * may control gets applied. A v1 client that never sends them sees only `hello.control` and
 * `control` frames as additions, which it may ignore.
 * A client resumes by connecting with `?since=<last seq seen>&run=<runId>`: when the server still serves
 * that run, the `hello` carries `resumedFrom` and the server sends only the events after it; when it
 * serves another run (it restarted with a new one), `since` is ignored and the client gets that run
 * afresh (a full `hello` without `resumedFrom`, whose `runId` differs). Without `run=` (v1 clients),
 * `since` applies to whatever run the server has.
 *
 * @example
 * import { NEVER } from 'rxjs';
 * import WebSocket from 'ws';
 * import { serveMonitor, type ServerFrame } from '@gradstream/monitor';
 * const server = await serveMonitor(NEVER);
 * const ws = new WebSocket(server.wsUrl);
 * const frame = await new Promise<ServerFrame>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
 * console.log(frame.type, frame.type === 'hello' ? frame.control : undefined); // hello null
 * ws.close();
 * await server.close();
 */
import type { DoneEvent, EpochEvent, ErrorEvent, ParamNorms, ParamValues, RunEvent, StepExplanation, TrainEvent } from '@gradstream/events';

/**
 * The version of this protocol, sent as `protocol` in every `hello`.
 *
 * @example
 * import { PROTOCOL_VERSION } from '@gradstream/monitor';
 * console.log(PROTOCOL_VERSION); // 1
 */
export const PROTOCOL_VERSION = 1 as const;

/**
 * One bucket of the downsampled loss history: the steps it holds (`fromStep`…`toStep`, inside one
 * cell of the history's grid) and the min, max, last and first loss of those steps.
 */
export interface LossBucket {
  fromStep: number;
  toStep: number;
  min: number;
  max: number;
  last: number;
  /** The loss of `fromStep`. Absent from servers before the parameter history. */
  first?: number;
}

/**
 * One bucket of the downsampled parameter history: per parameter (w₁…w_d, then b) the value after
 * the first step of the bucket, the min, the max and the value after its last step. Step 0 holds the
 * initial parameters. `null` in JSON where a parameter had no finite value.
 */
export interface ParamBucket {
  fromStep: number;
  toStep: number;
  first: number[];
  min: number[];
  max: number[];
  last: number[];
}

/**
 * `hello.paramHistory`: the parameters per step, downsampled by the same rule and on the same grid as
 * `history` (bucket cell c holds steps c·width+1 … (c+1)·width; cells nobody saw are absent, a gap).
 */
export interface ParamHistory {
  /** Steps per grid cell, for `history` and `paramHistory` alike; doubles as the run grows. */
  width: number;
  buckets: ParamBucket[];
}

/** The latest parameters and loss seen. */
export interface LatestState {
  epoch: number;
  globalStep: number;
  loss: number;
  /** Linear regression's parameters (the lesson's fields); other models carry `params` or `norms`. */
  w?: number[];
  b?: number;
  params?: ParamValues;
  norms?: ParamNorms;
  accuracy?: number;
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
  /** The run's id (`run.runId`, derived from the run event when its producer set none); absent before a run and from older servers. */
  runId?: string;
  run: RunEvent | null;
  latest: LatestState | null;
  /**
   * The epochs so far, or when there were more than 512 of them an evenly spaced sample that keeps the
   * first and the latest (`epochCount` says how many there were): the hello never grows with the run.
   */
  epochs: EpochEvent[];
  /** How many epochs the run has finished. Absent from servers before epochs were sampled. */
  epochCount?: number;
  /** Loss per step so far, in at most `historySize` buckets, oldest first (see `ParamHistory`). */
  history: LossBucket[];
  /** w and b per step so far, in the same buckets as `history`. Absent from servers before it. */
  paramHistory?: ParamHistory;
  /** The most recent step explanation, when the run produces them. */
  explain: StepExplanation | null;
  done: DoneEvent | null;
  error: ErrorEvent | null;
  /** Present when the client connected with `?since=`: events after this seq follow. */
  resumedFrom?: number;
  /**
   * The run's control state and whether this connection may change it; `null` when the server has no
   * `RunControl` (a piped run). Absent from servers that predate the control channel.
   */
  control?: HelloControl | null;
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

/** Whether the run is paused, its pace, and whether it can seek (recordings can, live runs cannot). */
export interface ControlState {
  paused: boolean;
  /** Steps per second the producer is held to; `null` = as fast as it goes. */
  stepsPerSecond: number | null;
  canSeek: boolean;
}

/** `hello.control`: the state plus whether this connection's commands are applied. */
export interface HelloControl extends ControlState {
  canControl: boolean;
}

/** Sent to every connection when the control state changes (no `seq`: it is not part of the run). */
export interface ControlFrame extends ControlState {
  type: 'control';
}

/**
 * Every frame a server sends: switch on `type` (an `error` with a `seq` is the run's own error event, one
 * without is the answer to a bad client frame).
 *
 * @example
 * import WebSocket from 'ws';
 * import { of } from 'rxjs';
 * import { PROTOCOL_VERSION, serveMonitor, type ClientFrame, type ServerFrame } from '@gradstream/monitor';
 * const server = await serveMonitor(of({ type: 'error', message: 'nothing to train' } as const), { port: 0 });
 * const ws = new WebSocket(server.wsUrl);
 * ws.on('open', () => ws.send(JSON.stringify({ type: 'ping' } satisfies ClientFrame)));
 * ws.on('message', async (data) => {
 *   const frame = JSON.parse(String(data)) as ServerFrame;
 *   if (frame.type === 'hello') console.log('protocol', frame.protocol === PROTOCOL_VERSION);
 *   if (frame.type === 'pong') { ws.close(); await server.close(); }
 * });
 */
export type ServerFrame = HelloFrame | EventFrame | PongFrame | ProtocolErrorFrame | ControlFrame;

/**
 * Consecutive `step` events of the run in one frame, sent instead of `step` frames to a client that
 * connected with `?batch=1` (v1 clients never get it): the steps one turn of the server's event loop
 * broadcast, at most 512 a frame. Row n holds the values of the step with seq `fromSeq + n` under
 * `keys` (every key of the step but `type`, in its order); `decodeSteps` turns it back into the
 * `EventFrame`s a v1 client gets. Paced steps (`maxHz`) and other events still come one frame each.
 *
 * This is the JSON form, for steps holding something other than numbers (an old recording's embedded
 * explanation). Steps whose values are numbers, arrays of numbers or objects of those (`params`, `norms`)
 * come as a **binary** frame with the same content (layout in `steps-binary.ts`); `decodeSteps` reads both.
 */
export interface StepsFrame {
  type: 'steps';
  fromSeq: number;
  keys: readonly string[];
  rows: readonly (readonly unknown[])[];
}

/**
 * Every text frame a server sends a client that connected with `?batch=1`; its binary frames are `steps`
 * frames too. `decodeSteps` reads both kinds of `steps` frame.
 *
 * @example
 * import { decodeSteps, type BatchServerFrame } from '@gradstream/monitor';
 * const frame: BatchServerFrame = { type: 'steps', fromSeq: 4, keys: ['loss'], rows: [[0.25], [0.125]] };
 * if (frame.type === 'steps') console.log(decodeSteps(frame).map((step) => step.seq)); // [ 4, 5 ]
 */
export type BatchServerFrame = ServerFrame | StepsFrame;

/** Caps this client's `step` frames to `maxHz` per second; `epoch`, `done`, `error` are never dropped. */
export interface SubscribeFrame {
  type: 'subscribe';
  maxHz: number;
}

export interface PingFrame {
  type: 'ping';
}

/**
 * A command a controlling client may send; also the client frame on the wire. `step` runs one step
 * while paused; `speed` with `null` runs as fast as it goes; `seek` only where `canSeek` (recordings);
 * `explain` asks for the current step's explanation.
 */
export type ControlCommand =
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'step' }
  | { type: 'speed'; stepsPerSecond: number | null }
  | { type: 'seek'; step: number }
  | { type: 'explain'; step: 'current' };

/**
 * Every frame a client may send: `subscribe`, `ping`, and the control commands.
 *
 * @example
 * import type { ClientFrame } from '@gradstream/monitor';
 * const frames: ClientFrame[] = [{ type: 'subscribe', maxHz: 10 }, { type: 'ping' }, { type: 'pause' }];
 * console.log(frames.map((f) => JSON.stringify(f)).join('\n'));
 */
export type ClientFrame = SubscribeFrame | PingFrame | ControlCommand;
