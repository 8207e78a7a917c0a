/**
 * A queue of jobs (one run each) shared by workers on any machines: the stream `<prefix>jobs` read through the
 * consumer group `workers`. A job is enqueued once per id (`<prefix>jobs:known`), taken by one worker (XREADGROUP),
 * acknowledged when its run has ended (XACK), and — when its worker died — claimed by another worker once it has
 * been pending for `claimIdleMs` (XAUTOCLAIM). A job that failed for a reason of its own is recorded in the hash
 * `<prefix>jobs:failed` and acknowledged: it is not retried. A run's checkpoint lives at `<prefix>checkpoint:<id>`.
 */
import type { Redis } from 'ioredis';
import { checkPrefix, DEFAULT_PREFIX, runKey } from './keys.js';
import { otherSettings } from './other-settings.js';
import { closeRedis, connectRedis } from './redis-client.js';

export const jobsKey = (prefix: string): string => `${prefix}jobs`;
export const checkpointKey = (prefix: string, runId: string): string => `${prefix}checkpoint:${runId}`;
const GROUP = 'workers';
// A new id: its settings are kept (KEYS[3]) and it is queued. A known id: 0 when it names the same settings, else the
// settings it was enqueued with (the caller refuses to mix two runs under one id).
const ENQUEUE = `if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then redis.call('HSET', KEYS[3], ARGV[1], ARGV[2]) redis.call('XADD', KEYS[2], '*', 'id', ARGV[1], 'job', ARGV[2]) return 1 end
local stored = redis.call('HGET', KEYS[3], ARGV[1]) if stored and stored ~= ARGV[2] then return stored end return 0`;

/** A job taken from the queue: its stream entry (to acknowledge), its id and its body. */
export interface TakenJob<T> {
  entryId: string;
  id: string;
  job: T;
}

/**
 * @example
 * // not run: it needs a Redis server
 * import { JobQueue } from '@gradstream/redis';
 * const queue = await JobQueue.open('redis://127.0.0.1:6379', 'worker-1');
 * await queue.enqueue([{ id: 'lr=0.03,bs=10,seed=42', job: { lr: 0.03 } }]);
 * const taken = await queue.next(30_000);
 * if (taken) await queue.ack(taken.entryId);
 * queue.close();
 */
export class JobQueue {
  private closed = false;

  private constructor(private readonly client: Redis, private readonly prefix: string, readonly consumer: string) {}

  static async open(url: string, consumer: string, options: { prefix?: string } = {}): Promise<JobQueue> {
    const prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX);
    const { client } = await connectRedis(url, 'gradstream-jobs');
    try {
      await client.xgroup('CREATE', jobsKey(prefix), GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!/BUSYGROUP/.test((err as Error).message)) throw err;
    }
    return new JobQueue(client, prefix, consumer);
  }

  /**
   * Adds the jobs whose id was never enqueued; resolves with how many were new. An id enqueued before with other
   * settings (a sweep of 6 epochs after one of 3 under the same ids) is refused, naming what differs: its run is in
   * Redis, and it is not this one.
   */
  async enqueue(jobs: readonly { id: string; job: unknown }[]): Promise<number> {
    let added = 0;
    const known = `${jobsKey(this.prefix)}:known`;
    for (const { id, job } of jobs) {
      const reply = await this.client.eval(ENQUEUE, 3, known, jobsKey(this.prefix), `${jobsKey(this.prefix)}:settings`, id, JSON.stringify(job));
      if (typeof reply === 'string') throw new Error(otherSettings(`job ${id}`, JSON.parse(reply), job, 'Sweep these settings under another prefix (--redis-prefix).'));
      added += Number(reply);
    }
    return added;
  }

  /** A job pending longer than `claimIdleMs` on a consumer that died, or else a new one (waits up to `blockMs`). */
  async next<T>(claimIdleMs: number, blockMs = 1000): Promise<TakenJob<T> | undefined> {
    const claimed = (await this.client.xautoclaim(jobsKey(this.prefix), GROUP, this.consumer, claimIdleMs, '0-0', 'COUNT', 1)) as [string, [string, string[]][]];
    const entry = claimed[1]?.[0] ?? (await this.readNew(blockMs));
    return entry ? this.decode<T>(entry) : undefined;
  }

  private async readNew(blockMs: number): Promise<[string, string[]] | undefined> {
    const key = jobsKey(this.prefix);
    const reply = (blockMs > 0
      ? await this.client.xreadgroup('GROUP', GROUP, this.consumer, 'COUNT', 1, 'BLOCK', blockMs, 'STREAMS', key, '>')
      : await this.client.xreadgroup('GROUP', GROUP, this.consumer, 'COUNT', 1, 'STREAMS', key, '>')) as [string, [string, string[]][]][] | null;
    return reply?.[0]?.[1]?.[0];
  }

  private decode<T>([entryId, fields]: [string, string[]]): TakenJob<T> {
    const get = (name: string) => fields[fields.indexOf(name) + 1]!;
    return { entryId, id: get('id'), job: JSON.parse(get('job')) as T };
  }

  /** Claims the job again for this consumer, so its idle time restarts: it is still being worked on. */
  async touch(entryId: string): Promise<void> {
    await this.client.xclaim(jobsKey(this.prefix), GROUP, this.consumer, 0, entryId, 'JUSTID');
  }

  /** The job's run has ended: nobody takes it again. */
  async ack(entryId: string): Promise<void> {
    await this.client.xack(jobsKey(this.prefix), GROUP, entryId);
  }

  /** Records why the job failed (not retried) and acknowledges it. */
  async fail(taken: TakenJob<unknown>, message: string): Promise<void> {
    await this.client.hset(`${jobsKey(this.prefix)}:failed`, taken.id, message);
    await this.ack(taken.entryId);
  }

  /** Every failed job's id and reason. */
  async failures(): Promise<Record<string, string>> {
    return this.client.hgetall(`${jobsKey(this.prefix)}:failed`);
  }

  /**
   * The `run` event (JSON) a run's stream starts with, if the stream has one: a sweep compares it with its jobs before
   * enqueuing them, so a job never takes the id of a run made with other settings (a `train --redis` of other epochs).
   */
  async storedRun(runId: string): Promise<string | undefined> {
    const first = (await this.client.xrange(runKey(this.prefix, runId), '0-1', '0-1')) as [string, string[]][];
    const fields = first[0]?.[1] ?? [];
    const at = fields.indexOf('e');
    return at < 0 ? undefined : fields[at + 1];
  }

  /** The checkpoint stored for a run (JSON), if any. */
  async checkpoint(runId: string): Promise<string | undefined> {
    return (await this.client.get(checkpointKey(this.prefix, runId))) ?? undefined;
  }

  /**
   * Closes the connection at once (a wait for jobs rejects). Once only: ioredis's disconnect of a connection already
   * closed waits 2 s for a 'close' event that never comes again, holding the process open.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeRedis(this.client);
  }
}
