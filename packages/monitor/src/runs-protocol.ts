/**
 * The monitor's wire protocol, version 2: several runs over one WebSocket (`serveRuns`). A one-run
 * monitor (`serveMonitor`, what `train --monitor` and `serve --stdin` start) still speaks version 1
 * unchanged (`protocol.ts`); a page tells them apart by `hello.protocol`.
 *
 * Server → client:
 * - `hello` once on connect: `protocol: 2` and a summary of every run so far (`RunSummary`: id, config,
 *   status, final loss, steps, time) — no run's history;
 * - `runs` with the summaries of runs that appeared or changed (new runs are announced live);
 * - with replicas (`gradstream serve --redis`): `replicas` in the hello, and a `replicas` frame whenever the list
 *   changes — the dashboard addresses of every monitor serving the same runs, this one included, where a page goes
 *   when this one dies;
 * - for each run the client watches: first `history` (that run's v1 hello: bounded loss and parameter
 *   history, epochs, latest, explanation), then every event of the run as in v1 (`seq` per run) with
 *   the run's id added (`runId`);
 * - `pong`, and `error` without `seq` for a frame the server could not accept.
 *
 * Client → server: `watch` and `unwatch` (run ids, at most `MAX_RUNS_PER_FRAME` a frame), `ping`.
 *
 * @example
 * import { Subject } from 'rxjs';
 * import WebSocket from 'ws';
 * import { serveRuns, RUNS_PROTOCOL_VERSION, type RunsServerFrame } from '@gradstream/monitor';
 * const server = await serveRuns(new Subject());
 * const ws = new WebSocket(server.wsUrl);
 * const hello = await new Promise<RunsServerFrame>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
 * console.log(hello.type === 'hello' && hello.protocol === RUNS_PROTOCOL_VERSION, hello.type === 'hello' && hello.runs); // true []
 * ws.close();
 * await server.close();
 */
import type { RunConfig } from '@gradstream/events';
import type { EventFrame, HelloFrame, PingFrame, PongFrame, ProtocolErrorFrame } from './protocol.js';

/**
 * The version of the many-runs protocol, sent as `protocol` in its `hello`.
 *
 * @example
 * import { RUNS_PROTOCOL_VERSION } from '@gradstream/monitor';
 * console.log(RUNS_PROTOCOL_VERSION); // 2
 */
export const RUNS_PROTOCOL_VERSION = 2 as const;

/**
 * Most run ids in one `watch` or `unwatch` frame (a frame must stay under the server's `maxPayload`).
 *
 * @example
 * import { MAX_RUNS_PER_FRAME, type RunsClientFrame } from '@gradstream/monitor';
 * const ids = Array.from({ length: 100 }, (_, i) => `run-${i}`);
 * const frames: RunsClientFrame[] = [];
 * for (let i = 0; i < ids.length; i += MAX_RUNS_PER_FRAME) frames.push({ type: 'watch', runs: ids.slice(i, i + MAX_RUNS_PER_FRAME) });
 * console.log(frames.map((f) => f.type === 'watch' && f.runs.length)); // [ 64, 36 ]
 */
export const MAX_RUNS_PER_FRAME = 64;

/**
 * `live` until the run's `done` (then `done`) or `error`: `diverged` when its message says the training
 * diverged (the trainer's words), `interrupted` when it begins with "interrupted" (how a run stopped from
 * outside is recorded: Ctrl-C, a directory reader finding its writer gone), `failed` otherwise. A run is
 * also `interrupted` when the stream of runs ends before its `done` or `error`.
 */
export type RunStatus = 'live' | 'done' | 'failed' | 'diverged' | 'interrupted';

/** One run as the run list and the table show it. Numbers are null until the run has them. */
export interface RunSummary {
  id: string;
  /** The run's config (its hyperparameters); null until its `run` event. */
  config: RunConfig | null;
  status: RunStatus;
  /** The latest whole-dataset loss: the last epoch's (the `done` event's when it has one); null for a run that failed or diverged. */
  finalLoss: number | null;
  /** `finalLoss` − the least-squares optimum's loss, when the run knows its optimum. */
  gapToOptimum: number | null;
  /** Steps taken so far. */
  steps: number;
  /** Epochs finished so far. */
  epochs: number;
  /** Milliseconds the run has taken (its latest epoch's or done's `elapsedMs`). */
  elapsedMs: number | null;
  startedAt: number | null;
  /** Why a failed (or interrupted) run stopped. */
  message?: string;
}

/** First frame on every connection to a many-runs monitor. */
export interface RunsHelloFrame {
  type: 'hello';
  protocol: typeof RUNS_PROTOCOL_VERSION;
  /** `v` of the event schema. */
  schema: number;
  runs: RunSummary[];
  /**
   * The dashboard addresses (`http://host:port/`) of every replica serving the same runs, this one included, when
   * the monitor has replicas (`serveRuns`'s `replicas` option); absent otherwise. Later changes come as `replicas` frames.
   */
  replicas?: string[];
}

/** The replicas' dashboard addresses changed (one started, stopped or stopped answering): the whole new list. */
export interface RunsReplicasFrame {
  type: 'replicas';
  replicas: string[];
}

/** Runs that appeared or changed since the last `runs` frame (sent a few times a second at most). */
export interface RunsFrame {
  type: 'runs';
  runs: RunSummary[];
}

/** A watched run so far: its v1 hello; the run's events after `hello.seq` follow. */
export interface RunHistoryFrame {
  type: 'history';
  runId: string;
  hello: HelloFrame;
}

/** An event of a watched run, numbered per run as in v1, with its run's id. */
export type TaggedEventFrame = EventFrame & { runId: string };

/**
 * Every frame a many-runs monitor sends: switch on `type` (an event of a watched run has a `seq` and a `runId`).
 *
 * @example
 * import type { RunsServerFrame } from '@gradstream/monitor';
 * const describe = (f: RunsServerFrame): string =>
 *   f.type === 'hello' ? `${f.runs.length} runs` : f.type === 'runs' ? `${f.runs.length} changed` : f.type === 'history' ? `history of ${f.runId}` : 'seq' in f ? `${f.runId} #${f.seq} ${f.type}` : f.type;
 * console.log(describe({ type: 'runs', runs: [] })); // 0 changed
 */
export type RunsServerFrame = RunsHelloFrame | RunsFrame | RunsReplicasFrame | RunHistoryFrame | TaggedEventFrame | PongFrame | ProtocolErrorFrame;

/** Start receiving these runs (each gets its `history`, then its events). */
export interface WatchFrame {
  type: 'watch';
  runs: string[];
}

/** Stop receiving these runs. */
export interface UnwatchFrame {
  type: 'unwatch';
  runs: string[];
}

/**
 * Every frame a client may send a many-runs monitor.
 *
 * @example
 * import type { RunsClientFrame } from '@gradstream/monitor';
 * const frames: RunsClientFrame[] = [{ type: 'watch', runs: ['lr=0.03,bs=10,seed=42'] }, { type: 'unwatch', runs: ['lr=0.03,bs=10,seed=42'] }, { type: 'ping' }];
 * console.log(frames.map((f) => JSON.stringify(f)).join('\n'));
 */
export type RunsClientFrame = WatchFrame | UnwatchFrame | PingFrame;
