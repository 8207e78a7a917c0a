import { toTrainEvent, type RunEvent, type TrainEvent } from '@gradstream/events';
import type { Subscriber } from 'rxjs';
import { WebSocket, type RawData } from 'ws';
import type { BatchServerFrame, EventFrame, HelloFrame } from './protocol.js';
import { runIdOf } from './run-id.js';
import { decodeSteps } from './steps-codec.js';

/** `fromMonitor`'s settings, validated. */
export interface FollowSettings {
  base: URL;
  token?: string;
  maxHz?: number;
  reconnect: boolean;
  retries: number;
  delayMs: number;
  maxDelayMs: number;
}

/**
 * One subscription of `fromMonitor`: the connection, its reconnections and what has been emitted so far
 * (the last seq, the last epoch, the run and its id), so that a resumed connection neither repeats nor
 * loses an event and a connection to another run is never spliced into the one followed.
 *
 * @example
 * // not run: fromMonitor makes one per subscriber — new MonitorFollower(settings, subscriber).connect()
 */
export class MonitorFollower {
  private ws: WebSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSeq = 0;
  private lastEpoch = 0;
  private run: RunEvent | null = null;
  private runId: string | undefined;
  private finished = false;
  private failures = 0;

  constructor(
    private readonly settings: FollowSettings,
    private readonly subscriber: Subscriber<TrainEvent>,
  ) {}

  /** Opens a connection, resuming after the last seq of the run followed. */
  readonly connect = (): void => {
    const { base, token, maxHz } = this.settings;
    const target = new URL(base);
    // Steps come in `steps` frames (a server from before them ignores the parameter and sends a frame each).
    target.searchParams.set('batch', '1');
    if (this.lastSeq > 0) target.searchParams.set('since', String(this.lastSeq));
    if (this.lastSeq > 0 && this.runId !== undefined) target.searchParams.set('run', this.runId);
    const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
    const socket = new WebSocket(target, { headers });
    this.ws = socket;
    socket.on('open', () => {
      this.failures = 0;
      if (maxHz !== undefined) socket.send(JSON.stringify({ type: 'subscribe', maxHz }));
    });
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('error', () => {
      // 'close' follows and decides whether to retry.
    });
    socket.on('unexpected-response', (_req, res) => {
      // A refused upgrade (401, 403, 400) will not get better by retrying.
      this.fail(new Error(`fromMonitor: the server at ${base.host} refused the connection: ${res.statusCode} ${res.statusMessage ?? ''}`.trim()));
      res.resume();
    });
    socket.on('close', (code) => this.onClose(socket, code));
  };

  /** The teardown: no more events, no more reconnections. */
  stop(): void {
    this.finished = true;
    if (this.timer !== null) clearTimeout(this.timer);
    const socket = this.ws;
    this.ws = null;
    if (socket === null) return;
    if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
    else socket.close(1000);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.finished) return;
    const host = this.settings.base.host;
    let frame: BatchServerFrame;
    try {
      if (isBinary) return this.onSteps(decodeSteps(data as Buffer));
      frame = JSON.parse(String(data)) as BatchServerFrame;
      if (frame.type === 'steps') return this.onSteps(decodeSteps(frame));
    } catch (err) {
      const what = err instanceof SyntaxError ? 'a frame that is not JSON' : 'a steps frame it cannot read';
      this.fail(new SyntaxError(`fromMonitor: the server at ${host} sent ${what}. ${(err as Error).message.replace(/\.$/, '')}.`));
      return;
    }
    if (frame.type === 'hello') this.onHello(frame);
    else if (frame.type === 'pong' || frame.type === 'control') return;
    else if (!('seq' in frame)) this.fail(new Error(`fromMonitor: the server at ${host} refused a frame: ${frame.message}`));
    else if (frame.seq > this.lastSeq) this.onEvent(frame);
  }

  /** The steps of a `steps` frame, in order; the ones already emitted (a resume overlap) are skipped. */
  private onSteps(steps: EventFrame[]): void {
    for (const step of steps) if (!this.finished && step.seq > this.lastSeq) this.onEvent(step);
  }

  private onEvent(frame: EventFrame): void {
    this.lastSeq = frame.seq;
    const { seq: _seq, ...event } = frame;
    try {
      this.emit(toTrainEvent(event, `the frame with seq ${frame.seq} from ${this.settings.base.host}`));
    } catch (err) {
      this.fail(err as Error);
    }
  }

  private onHello(hello: HelloFrame): void {
    // A monitor of several runs (serveRuns, `serve --runs`) speaks protocol 2: there is no one run to follow.
    if ((hello.protocol as number) !== 1) {
      return this.fail(new Error(`fromMonitor: the server at ${this.settings.base.host} serves several runs (protocol ${hello.protocol}); fromMonitor follows one run (protocol 1), from \`train --monitor\` or \`serve --stdin/--replay\`.`));
    }
    if (this.isAnotherRun(hello)) this.switchRun(hello);
    if (hello.runId !== undefined) this.runId = hello.runId;
    if (hello.resumedFrom === undefined) {
      // A fresh view of the run: emit what we have not emitted yet, then continue after hello.seq.
      if (hello.run !== null && this.run === null) this.emit(hello.run);
      for (const epoch of hello.epochs) this.emit(epoch);
      this.lastSeq = hello.seq;
      this.emitEnd(hello);
    } else if (hello.seq <= this.lastSeq) {
      // Resumed at or past the server's last event: nothing follows, so an ended run ends here.
      this.emitEnd(hello);
    }
  }

  private emitEnd(hello: HelloFrame): void {
    if (hello.done !== null) this.emit(hello.done);
    else if (hello.error !== null) this.emit(hello.error);
  }

  /** Whether the server now serves another run than the one followed (by id; by start time for servers without ids). */
  private isAnotherRun(hello: HelloFrame): boolean {
    if (this.run === null || hello.run === null) return false;
    if (this.runId !== undefined && hello.runId !== undefined) return hello.runId !== this.runId;
    return hello.run.startedAt !== this.run.startedAt;
  }

  /** Says that the run followed so far was cut off, and starts the server's run afresh. */
  private switchRun(hello: HelloFrame): void {
    const name = (id: string | undefined, run: RunEvent | null) => id ?? `started at ${new Date(run?.startedAt ?? 0).toISOString()}`;
    const message =
      `fromMonitor: the monitor at ${this.settings.base.host} now serves another run (${name(hello.runId, hello.run)}); ` +
      `the run followed so far (${name(this.runId, this.run)}) ended unfinished here. Following the new run from its start.`;
    this.subscriber.next({ type: 'error', message });
    this.lastSeq = 0;
    this.lastEpoch = 0;
    this.run = null;
    this.runId = undefined;
  }

  private emit(event: TrainEvent): void {
    if (event.type === 'epoch') {
      if (event.epoch <= this.lastEpoch) return;
      this.lastEpoch = event.epoch;
    }
    if (event.type === 'run') {
      this.run = event;
      // The id the server gives this run (its own, or derived from the event alike on both ends).
      this.runId = runIdOf(event);
    }
    this.subscriber.next(event);
    if (event.type === 'done' || event.type === 'error') {
      this.finished = true;
      this.subscriber.complete();
    }
  }

  private onClose(socket: WebSocket, code: number): void {
    if (this.ws !== socket || this.finished || this.subscriber.closed) return;
    this.ws = null;
    const { reconnect, retries, delayMs, maxDelayMs, base } = this.settings;
    if (!reconnect || this.failures >= retries) {
      this.fail(new Error(`fromMonitor: the connection to ${base.host} closed (code ${code}) before the run finished.`));
      return;
    }
    const wait = Math.min(maxDelayMs, delayMs * 2 ** this.failures);
    this.failures++;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, wait);
  }

  private fail(err: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.subscriber.error(err);
  }
}
