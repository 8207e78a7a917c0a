/**
 * Test helper: a real redis-server for one test file (started before its tests, stopped after them) and the
 * processes its tests start, killed after them.
 *
 * @example
 * // not run: it needs a test file
 * import { test } from 'uvu';
 * import { useRedis } from './redis-fixture.js';
 * const fixture = useRedis(test);
 * test('…', () => { fixture.track(startCli(['serve', '--redis', fixture.redis.url])); });
 */
import type { ChildProcess } from 'node:child_process';
import type { Test } from 'uvu';
import { startRedis, type RedisServer } from '../../../packages/redis/test/helpers/redis-server.js';

export function useRedis(suite: Test, after?: () => Promise<void> | void) {
  let server: RedisServer | undefined;
  const children: ChildProcess[] = [];
  suite.before(async () => {
    server = await startRedis();
  });
  suite.after(async () => {
    for (const c of children) c.kill('SIGKILL');
    await server?.stop();
    await after?.();
  });
  return {
    get redis(): RedisServer {
      return server!;
    },
    track<T extends ChildProcess>(child: T): T {
      children.push(child);
      return child;
    },
  };
}
