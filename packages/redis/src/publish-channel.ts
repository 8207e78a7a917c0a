/**
 * What a `RunPublisher` says to Redis, and nothing else: connect and register the run (reading the stream's top
 * id), send one round-trip of XADDs and SETs, close. The publisher's queue, ids and retries stay on its side, so
 * this can run on the publisher's thread (`openPublishChannel`) or on a thread of its own (`publish-thread.ts`),
 * where the client's command encoding and socket writes — ~0.5 µs a step of the trainer's time otherwise — are off
 * the trainer's thread.
 */
import type { Redis } from 'ioredis';
import { closeRedis, connectRedis } from './redis-client.js';
import { registerRun } from './run-index.js';
import { encodeBlock, type BlockData } from './block-codec.js';

/**
 * One XADD — entry id, field (`e` event JSON, `b` block of events), value, the events it holds — or a SET (field
 * `set`). A block travels unencoded: the channel encodes it, on its own thread when it has one.
 */
export type Command = { id: string; count: number } & ({ field: 'e' | 'set'; value: string } | { field: 'b'; value: BlockData });

/** Each command's error message, or null where it succeeded. */
export type SendResult = (string | null)[];

/** Where one run is published. */
export interface RunKeys {
  prefix: string;
  runId: string;
  /** The run's event stream. */
  key: string;
  /** Where its checkpoint is SET. */
  checkpointKey: string;
}

/** What a stream already holds when a publisher connects: its last id, and its `run` event (JSON), if any. */
export interface StreamStart {
  top?: string;
  run?: string;
}

export interface PublishChannel {
  /** Once connected and the run is registered: what the stream already holds. */
  readonly opened: Promise<StreamStart>;
  /** Sends `commands` as one pipeline. */
  send(commands: readonly Command[]): Promise<SendResult>;
  /** Closes the connection without waiting for replies still due. */
  close(): void;
}

/**
 * A channel on this thread.
 *
 * @example
 * // not run: it needs a Redis server
 * import { openPublishChannel } from './publish-channel.js';
 * const channel = openPublishChannel('redis://127.0.0.1:6379', { prefix: 'gradstream:', runId: 'a', key: 'gradstream:run:a', checkpointKey: 'gradstream:checkpoint:a' });
 * console.log(await channel.opened); // {}: nothing published yet
 * console.log(await channel.send([{ id: '0-1', field: 'e', value: '{"type":"done"}', count: 1 }])); // [ null ]
 * channel.close();
 */
export function openPublishChannel(url: string, keys: RunKeys, connectTimeoutMs?: number): PublishChannel {
  const connection = connectRedis(url, 'gradstream-publisher', connectTimeoutMs).then(({ client }) => client);
  const opened = connection.then(async (client) => {
    await registerRun(client, keys.prefix, keys.runId);
    const last = (await client.xrevrange(keys.key, '+', '-', 'COUNT', 1)) as [string, string[]][];
    const first = (await client.xrange(keys.key, '0-1', '0-1')) as [string, string[]][];
    const run = first[0]?.[1]?.[1];
    return { ...(last[0] ? { top: last[0][0] } : {}), ...(run !== undefined ? { run } : {}) };
  });
  opened.catch(() => undefined); // the publisher reads the failure from `opened`
  return {
    opened,
    send: async (commands) => pipelined(await connection, keys, commands),
    close: () => void connection.then(closeRedis, () => undefined),
  };
}

async function pipelined(client: Redis, keys: RunKeys, commands: readonly Command[]): Promise<SendResult> {
  const pipeline = client.pipeline();
  for (const c of commands) {
    if (c.field === 'b') pipeline.xadd(keys.key, c.id, c.field, encodeBlock(c.value));
    else if (c.field === 'set') pipeline.set(keys.checkpointKey, c.value);
    else pipeline.xadd(keys.key, c.id, c.field, c.value);
  }
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([err]) => (err ? err.message : null));
}
