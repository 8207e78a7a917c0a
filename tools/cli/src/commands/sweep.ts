/**
 * `gradstream sweep`: the cartesian product of the hyperparameters given, each point one run recorded in a
 * directory of runs, at most `--parallel` at once in worker processes (`sweep()` of @gradstream/runs). Each
 * run's end is printed as it comes (stderr), then the table of runs sorted by final loss (stdout). A run
 * that diverges is marked so and the sweep goes on. The same command again skips the finished runs and
 * resumes the interrupted ones from their checkpoints. With --monitor the dashboard shows every run live.
 *
 * @example
 * // gradstream sweep --lr 0.003,0.03,0.3,3 --batch-size 10,100 --runs runs
 */
import type { TaggedEvent } from '@gradstream/events';
import { Subject, type Observable } from 'rxjs';
import { flag, noPositionals } from '../args.js';
import { loadRedis, REDIS_OPTIONS, type RedisOptionValues } from '../redis-options.js';
import { defineCommand } from '../command.js';
import { conflictingOptions, EXIT_FAILURE, UsageError } from '../errors.js';
import { drained, untilInterrupted } from '../monitor.js';
import { startRunsMonitor } from '../runs-monitor.js';
import { SWEEP_OPTIONS, type SweepCliOptions } from '../sweep-options.js';
import { sweepPlanLine } from '../sweep-plan-line.js';
import { signalExitCode, signalName, watchSignals } from '../train-session.js';

export const sweep = defineCommand({
  name: 'sweep',
  summary: 'train every combination of the hyperparameters given, in parallel, into a directory of runs',
  usage: 'gradstream sweep --lr RATE[,RATE…] [--batch-size N[,N…]] [--optimizer sgd,adam] [--seeds K] --runs DIR [options]',
  description: [
    'Each combination is one run of the lesson, recorded in DIR/<run-id>/ (events.ndjson, config.json, checkpoint.json),',
    'named by its settings, e.g. lr=0.03,bs=10,seed=42. The runs go --parallel at a time, each in its own process.',
    'A run that diverges is marked diverged and the others go on. When all have ended, the runs are printed',
    'sorted by final loss. Ctrl-C stops the sweep; the same command again skips the finished runs and resumes the',
    'others from their checkpoints, to the numbers an uninterrupted sweep gives.',
  ].join('\n'),
  options: { ...SWEEP_OPTIONS, ...REDIS_OPTIONS, detach: flag('with --redis: only enqueue the jobs, do not wait for them') },
  examples: [
    'gradstream sweep --lr 0.003,0.03,0.3,3 --batch-size 10,100 --runs runs',
    'gradstream sweep --lr 0.01,0.1 --optimizer sgd,adam --seeds 3 --runs runs --parallel 2',
    'gradstream sweep --lr 0.03,0.3 --runs runs --monitor 8080     # then: gradstream serve --runs runs',
    'gradstream sweep --lr 0.003,0.03,0.3,3 --redis redis://10.0.0.5:6379   # and on each machine: gradstream worker --redis …',
  ],
  async run(o, positionals) {
    noPositionals('sweep', positionals);
    if (o.redis !== undefined && o.runs !== undefined) throw conflictingOptions('--redis', '--runs');
    if (o.detach && o.redis === undefined) throw new UsageError('invalid option. --detach needs --redis URL (a local sweep runs its jobs itself). Value: `--detach`.');
    for (const key of ['lr', 'runs'] as const) {
      if (key === 'runs' && o.redis !== undefined) continue;
      if (o[key] === undefined) throw new UsageError(`invalid option. sweep needs --${key} (${key === 'lr' ? 'the learning rates to try' : 'the directory of runs, or --redis URL to sweep on workers'}). Value: none.`);
    }
    for (const key of ['host', 'token', 'allowOrigin', 'exitWhenDone', 'noWait'] as const) {
      if (o[key] !== undefined && o.monitor === undefined) throw conflictingOptions(OPTION_NAMES[key], 'a sweep without --monitor');
    }
    return sweepCommand(o);
  },
});

const OPTION_NAMES = { host: '--host', token: '--token', allowOrigin: '--allow-origin', exitWhenDone: '--exit-when-done', noWait: '--no-wait' } as const;

async function sweepCommand(o: SweepCliOptions & RedisOptionValues & { detach?: boolean }): Promise<number> {
  const { sweep: sweepRuns, expandGrid } = await import('@gradstream/runs');
  const grid = {
    lr: o.lr!,
    ...(o.batchSize ? { batchSize: o.batchSize } : {}),
    ...(o.optimizer ? { optimizer: o.optimizer } : {}),
    ...(o.seeds ? { seeds: o.seeds } : {}),
    ...(o.epochs ? { epochs: o.epochs } : {}),
    ...(o.n ? { n: o.n } : {}),
  };
  const print = (line: string) => process.stderr.write(line + '\n');
  if (o.redis !== undefined) {
    const url = await loadRedis(o.redis);
    const { redisSweep } = await import('../redis-sweep.js');
    const onRedis$ = await redisSweep(url, o.redisPrefix, expandGrid(grid), print);
    if (o.detach) return 0;
    return followSweep(o, onRedis$, print);
  }
  const runs$ = sweepRuns(grid, { runs: o.runs!, ...(o.parallel ? { parallel: o.parallel } : {}) });
  print(await sweepPlanLine(o.runs!, expandGrid(grid), o.parallel));
  return followSweep(o, runs$, print);
}

/** Prints each run's end as it comes and, once all have ended, the table; serves them with --monitor. */
async function followSweep(o: SweepCliOptions, runs$: Observable<TaggedEvent>, print: (line: string) => void): Promise<number> {
  const { formatRunTable, foldSummary, emptySummary } = await import('@gradstream/runs');
  const live = new Subject<TaggedEvent>();
  const server = o.monitor === undefined ? undefined : await startRunsMonitor(live, { port: o.monitor, host: o.host, token: o.token, allowedOrigins: o.allowOrigin }, print);
  const summaries = new Map<string, ReturnType<typeof emptySummary>>();
  const signals = watchSignals();
  // As train --monitor: the sweep starts once a page is open, so a person sees its runs train rather than end.
  if (server && !o.noWait) {
    print('waiting for the dashboard: open the address above (--no-wait starts at once)');
    const first = await Promise.race([server.firstViewer().then(() => 'viewer' as const), signals.next]);
    if (first !== 'viewer') {
      signals.stop();
      await server.close();
      print(`gradstream: sweep interrupted by ${signalName(signals.received)} before it started; the same command starts it.`);
      return signalExitCode(signals.received);
    }
  }
  const outcome = await new Promise<'done' | 'interrupted'>((resolve, reject) => {
    const sub = runs$.subscribe({
      next: (t) => {
        const s = foldSummary(summaries.get(t.runId) ?? emptySummary(t.runId), t.event);
        summaries.set(t.runId, s);
        live.next(t);
        if (t.event.type === 'done') print(`  ${t.runId}: done, final loss ${s.finalLoss?.toExponential(4) ?? '—'}`);
        if (t.event.type === 'error') print(`  ${t.runId}: ${s.status}: ${t.event.message}`);
      },
      error: reject,
      complete: () => resolve('done'),
    });
    void signals.next.then(() => {
      sub.unsubscribe();
      resolve('interrupted');
    });
  }).finally(() => signals.stop());
  live.complete();
  if (outcome === 'interrupted') {
    await server?.close();
    print(`gradstream: sweep interrupted by ${signalName(signals.received)}; the same command resumes it.`);
    return signalExitCode(signals.received);
  }
  process.stdout.write(formatRunTable([...summaries.values()]) + '\n');
  if (server) {
    if (o.exitWhenDone) await drained(server);
    else {
      print('sweep finished; the dashboard stays up until Ctrl-C');
      await untilInterrupted();
    }
    await server.close();
  }
  // A diverged run is a result; a run that could not run (its worker died, another process holds it) is not.
  return [...summaries.values()].some((s) => s.status === 'failed' || s.status === 'interrupted') ? EXIT_FAILURE : 0;
}
