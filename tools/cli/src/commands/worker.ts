/**
 * `gradstream worker --redis URL`: takes sweep jobs from Redis (`sweep --redis` enqueues them) and trains them,
 * `--parallel` at a time, on any number of machines. A job whose worker died is taken over after `--claim-idle-ms`
 * and resumed from its checkpoint in Redis. Ctrl-C (exit 130) or SIGTERM (143) stops the worker; its jobs stay
 * pending for another one.
 *
 * @example
 * // gradstream worker --redis redis://10.0.0.5:6379 --parallel 2
 */
import { hostname } from 'node:os';
import { noPositionals, value } from '../args.js';
import { defineCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { loadRedis, REDIS_OPTIONS } from '../redis-options.js';
import { nonEmpty, positiveInteger, stepsPerSecond } from '../values.js';

export const worker = defineCommand({
  name: 'worker',
  summary: 'take the jobs of `sweep --redis` from Redis and train them (on any number of machines)',
  usage: 'gradstream worker --redis URL [--parallel N] [--claim-idle-ms MS] [options]',
  description: [
    'Each job is one run of a sweep: its events go to Redis as it trains, its checkpoint too, and the job is',
    'acknowledged when the run has ended. A run that diverges or fails is recorded as failed and not retried.',
    'A job left pending by a worker that died (kill -9, a lost machine) is claimed after --claim-idle-ms and',
    'resumed from its last checkpoint, to the numbers an uninterrupted run gives.',
  ].join('\n'),
  options: {
    ...REDIS_OPTIONS,
    parallel: value(positiveInteger, 'N', 'jobs at once (default 1)'),
    claimIdleMs: value(positiveInteger, 'MS', 'take over a job whose worker has been silent this long (default 30000)'),
    name: value(nonEmpty, 'NAME', 'this worker\'s name in the consumer group (default: host-pid)'),
    stepsPerSecond: value(stepsPerSecond, 'N|max', 'pace each job at N steps a second, slow enough to watch its runs train on a dashboard, e.g. in a class (default max: no pacing); the numbers are those of an unpaced run'),
  },
  examples: [
    'gradstream worker --redis redis://10.0.0.5:6379 --parallel 2',
    'GRADSTREAM_REDIS_PASSWORD=… gradstream worker --redis redis://10.0.0.5:6379 --claim-idle-ms 5000',
    'gradstream worker --redis redis://10.0.0.5:6379 --steps-per-second 200',
  ],
  async run(o, positionals) {
    noPositionals('worker', positionals);
    if (o.redis === undefined) throw new UsageError('invalid option. worker needs --redis URL (where the jobs are). Value: none.');
    const url = await loadRedis(o.redis);
    const { runWorker } = await import('../redis-worker.js');
    const name = o.name ?? `${hostname()}-${process.pid}`;
    return runWorker({ url, prefix: o.redisPrefix, parallel: o.parallel ?? 1, claimIdleMs: o.claimIdleMs ?? 30_000, name, stepsPerSecond: o.stepsPerSecond ?? null });
  },
});
