/**
 * Publishing one run's events to its Redis stream, in order, with nothing lost and nothing doubled.
 *
 * `publish(event)` only queues: the events queued while the producer runs (a trainer emits a slice of steps
 * at a time) go out together as one pipeline of XADDs, one round-trip, the steps with the explain and epoch events
 * between them as one binary block entry (`event-block.ts`), `run`, `done` and `error` as entries of their own. Each
 * event's id derives from the event (see `EntryIds`; a block's entry takes its last event's): events at or below the stream's last id — read when connecting,
 * followed after — are already stored (a resumed run replaying steps) and count as skipped, and so does an XADD
 * refused as "equal or smaller than the top item" (a batch re-sent after its reply was lost). While Redis is away the pipeline waits in the client and the
 * queue grows; past `bufferLimit` events `ready()` returns a promise that resolves once the queue is back under
 * half of it, so a producer that awaits it (the trainer's `pace.ready`) pauses instead of dropping. Nothing is trimmed.
 */
import type { RunEvent, TrainEvent } from '@gradstream/events';
import { compareIds, EntryIds, entryId } from './entry-id.js';
import { checkpointKey } from './job-queue.js';
import { openPublishChannel, type PublishChannel } from './publish-channel.js';
import { positiveInteger, type PublishOptions, type PublishStats } from './publish-options.js';
import { PublishQueue } from './publish-queue.js';
import { openPublishThread } from './publish-thread.js';
import { checkPrefix, checkRunId, DEFAULT_PREFIX, runKey } from './keys.js';
import { otherSettings } from './other-settings.js';
import { withoutSecret } from './redis-url.js';

const DUPLICATE = /equal or smaller than the target stream top item/;

/** The `code` of a publisher's failure when its run id names a run in Redis made with other settings. */
export const RUN_ID_TAKEN = 'ERR_RUN_ID_TAKEN';


/**
 * @example
 * // not run: it needs a Redis server
 * import { RunPublisher } from '@gradstream/redis';
 * const publisher = new RunPublisher('redis://127.0.0.1:6379', 'lr=0.03');
 * publisher.publish({ type: 'done', epochs: 0, steps: 0, elapsedMs: 0 });
 * await publisher.close(); // after every queued event is stored
 */
export class RunPublisher {
  readonly runId: string;
  readonly key: string;
  private readonly checkpointKey: string;
  readonly stats: PublishStats = { added: 0, skipped: 0, batches: 0 };
  private readonly ids = new EntryIds();
  private readonly queue: PublishQueue;
  /** The stream's last id as far as this publisher knows (undefined: empty). */
  private top: string | undefined;
  /** Set once an event above `top` is queued: the ones after it are above it too. */
  private pastTop = false;
  private pumping: Promise<void> | undefined;
  private failure: Error | undefined;
  private readonly channel: PublishChannel;
  /** Connected: `top` and `storedRun` are known. */
  private connected = false;
  /** The stream's `run` event (JSON) when it had one, and this publisher's. */
  private storedRun: string | undefined;
  private ownRun: RunEvent | undefined;
  private readonly bufferLimit: number;
  private readonly batchMax: number;
  private roomWaiters: (() => void)[] = [];
  private failureListeners: ((err: Error) => void)[] = [];

  constructor(private readonly url: string, runId: string, options: PublishOptions = {}) {
    this.runId = checkRunId(runId);
    const prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX);
    this.key = runKey(prefix, runId);
    this.checkpointKey = checkpointKey(prefix, runId);
    this.bufferLimit = positiveInteger('bufferLimit', options.bufferLimit, 100_000);
    this.batchMax = positiveInteger('batchMax', options.batchMax, 100);
    this.queue = new PublishQueue(positiveInteger('blockMax', options.blockMax, 1000));
    if (options.thread !== undefined && typeof options.thread !== 'boolean') {
      throw new TypeError(`invalid argument. thread must be a boolean. Value: \`${JSON.stringify(options.thread)}\`.`);
    }
    const keys = { prefix, runId, key: this.key, checkpointKey: this.checkpointKey };
    const open = options.thread === false ? openPublishChannel : openPublishThread;
    this.channel = open(url, keys, options.connectTimeoutMs);
    this.channel.opened.then(
      ({ top, run }) => {
        this.top = top;
        this.storedRun = run;
        this.connected = true;
        this.checkRun();
      },
      (err: Error) => this.fail(err),
    );
  }

  /** Events queued and not yet acknowledged by Redis. */
  get pending(): number {
    return this.queue.pending;
  }

  /** Queues an event; it is sent with the others queued in the same turn of the event loop. */
  publish(event: TrainEvent): void {
    if (this.failure) throw this.failure;
    if (event.type === 'run') {
      this.ownRun ??= event;
      if (this.connected) this.checkRun();
      if (this.failure) throw this.failure;
    }
    if (event.type === 'step' && (this.pastTop || this.top === undefined)) {
      // The trainer's hot path: no id string, no comparison (the stream's top is behind us).
      this.queue.pushStep(event);
    } else {
      const queued = this.queue.lastGlobalStep;
      if (queued !== undefined) this.ids.step(queued); // the steps the hot path queued without following them
      const slot = this.ids.next(event);
      const globalStep = this.ids.globalStep;
      if (!this.pastTop && this.top !== undefined && compareIds(entryId(globalStep, slot), this.top) <= 0) {
        this.stats.skipped++;
        return;
      }
      this.pastTop ||= this.top !== undefined;
      this.queue.push(event, globalStep, slot);
    }
    this.pumping ??= this.pump();
  }

  /**
   * Stores the run's checkpoint (JSON) at `<prefix>checkpoint:<runId>` once every event published before it is
   * stored, so a worker that resumes from it never finds the stream behind its checkpoint.
   */
  saveCheckpoint(json: string): void {
    if (this.failure) throw this.failure;
    this.queue.pushSet(json);
    this.pumping ??= this.pump();
  }

  /** Nothing to wait for while the queue is under `bufferLimit`; otherwise resolves when it is under half of it. */
  ready(): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending < this.bufferLimit) return undefined;
    return new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  /** Calls `listener` once if publishing fails for good (refused credentials, a key of another type …). */
  onFailure(listener: (err: Error) => void): void {
    if (this.failure) listener(this.failure);
    else this.failureListeners.push(listener);
  }

  /** Resolves when every event queued so far is stored; rejects if publishing failed. */
  async flushed(): Promise<void> {
    await this.channel.opened.catch(() => undefined);
    while (this.pumping) await this.pumping;
    if (this.failure) throw this.failure;
  }

  /**
   * Waits for the queue to be stored, then closes the connection. With `waitMs`, closes after that long even if
   * Redis is away (what is still queued is not stored: a process that must stop does not wait for a server).
   */
  async close(waitMs?: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const bound = waitMs === undefined ? [] : [new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))];
      await Promise.race([this.flushed(), ...bound]);
    } finally {
      clearTimeout(timer);
      this.channel.close();
    }
  }

  private async pump(): Promise<void> {
    try {
      // Let the producer finish its slice first: everything it queues now goes in this round-trip. A microtask runs
      // once the slice's synchronous code has returned, before its next slice or any I/O; events that come while a
      // round-trip is out wait for the next. (It was a setImmediate: 18 µs a lesson run in a profile, code that runs
      // too rarely for V8 to optimise.) Before connecting, the wait for the connection is that turn.
      await (this.connected ? undefined : this.channel.opened);
      while (!this.queue.empty && !this.failure) await this.sendBatch();
    } catch (err) {
      this.fail(err as Error);
    } finally {
      this.pumping = undefined;
    }
  }

  private async sendBatch(): Promise<void> {
    const items = this.queue.take(this.batchMax);
    const { commands, skipped } = PublishQueue.commands(items, this.top);
    this.stats.skipped += skipped;
    if (commands.length > 0) {
      const errors = await this.channel.send(commands);
      // Stored (or refused): the blocks' arrays can take new steps.
      for (const c of commands) if (c.field === 'b') this.queue.pool.give(c.value.values);
      this.stats.batches++;
      for (const [k, err] of errors.entries()) {
        if (err === null) this.stats.added += commands[k]!.count;
        else if (DUPLICATE.test(err)) this.stats.skipped += commands[k]!.count;
        else throw new Error(err);
      }
      const lastAdded = commands.filter((c) => c.field !== 'set').at(-1);
      if (lastAdded) this.top = lastAdded.id;
    }
    this.queue.done(items);
    if (this.pending * 2 <= this.bufferLimit) this.wakeProducer();
  }

  /**
   * The stream may hold a run already (this run before it was resumed, or a run of other settings whose id came out the
   * same): the same settings go on in it, other settings are refused rather than mixed into it.
   */
  private checkRun(): void {
    if (!this.ownRun || this.storedRun === undefined) return;
    const stored = JSON.parse(this.storedRun) as RunEvent;
    const settings = (e: RunEvent) => ({ ...e.config, ...(e.model ? { model: e.model } : {}) });
    if (JSON.stringify(settings(stored)) === JSON.stringify(settings(this.ownRun))) return;
    // A failure for good, with a code: a sweep worker records its job failed instead of leaving it for another worker.
    const taken = Object.assign(new Error(otherSettings('this run id', settings(stored), settings(this.ownRun), 'Give this run another id (--run-id), or another prefix (--redis-prefix).')), { code: RUN_ID_TAKEN });
    this.fail(taken);
  }

  private wakeProducer(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private fail(err: Error): void {
    if (this.failure) return;
    const code = (err as NodeJS.ErrnoException).code;
    this.failure = Object.assign(new Error(withoutSecret(`cannot publish run ${this.runId} to Redis: ${err.message}`, this.url)), code === undefined ? {} : { code });
    // Failed for good: its connection must not keep the process alive, whether or not the caller closes it.
    this.channel.close();
    this.wakeProducer();
    for (const listener of this.failureListeners) listener(this.failure);
    this.failureListeners = [];
  }
}
