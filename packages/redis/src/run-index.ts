/**
 * The run index: a stream of run ids (`<prefix>runs`), one entry per run in the order the runs first
 * published, guarded by a set (`<prefix>runs:known`) so a resumed run or a retried registration adds nothing.
 * Both writes happen in one Lua script, so a crash cannot leave a run in the set but missing from the stream.
 */
import type { Redis } from 'ioredis';
import { knownRunsKey, runIndexKey } from './keys.js';

const REGISTER = `if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then redis.call('XADD', KEYS[2], '*', 'runId', ARGV[1]) end return 1`;

/** Adds `runId` to the index unless it is there. */
export async function registerRun(client: Redis, prefix: string, runId: string): Promise<void> {
  await client.eval(REGISTER, 2, knownRunsKey(prefix), runIndexKey(prefix), runId);
}

/** Every run id in the index, in the order the runs first published. */
export async function listRunIds(client: Redis, prefix: string): Promise<string[]> {
  const entries = (await client.xrange(runIndexKey(prefix), '-', '+')) as [string, string[]][];
  return entries.map(([, fields]) => fields[1]!);
}
