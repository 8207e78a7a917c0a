/**
 * `gradstream serve --redis URL`: every run in Redis — those there already and those that start later — served
 * to the dashboard and WebSocket clients by the many-runs monitor (`serveRuns`). Each replica reads the same
 * streams in the same order, so any number of replicas on any machines show the same runs with the same seq
 * numbers (per run); a replica that loses Redis waits and reads on from where it was (no event twice).
 *
 * @example
 * // not run: it needs a Redis server; serves until Ctrl-C
 * import { serveRedis } from './redis-serve.js';
 * process.exitCode = await serveRedis('redis://127.0.0.1:6379', undefined, { port: 8080 });
 */
import { redactRedisUrl, runsFromRedis } from '@gradstream/redis';
import { catchError, EMPTY } from 'rxjs';
import { untilInterrupted, type MonitorOptions } from './monitor.js';
import { startRunsMonitor } from './runs-monitor.js';
import { signalExitCode } from './train-session.js';

/** Serves until Ctrl-C (exit 0) or SIGTERM (143); fails (exit 1) when Redis cannot be read at all (a wrong URL or password). */
export async function serveRedis(url: string, prefix: string | undefined, options: Omit<MonitorOptions, 'control' | 'controlToken'>): Promise<number> {
  const print = (line: string) => process.stderr.write(line + '\n');
  let fail!: (err: unknown) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  const runs$ = runsFromRedis(url, prefix === undefined ? {} : { prefix }).pipe(
    catchError((err: unknown) => {
      fail(err);
      return EMPTY;
    }),
  );
  const server = await startRunsMonitor(runs$, options, print);
  print(`serving every run in ${redactRedisUrl(url)}${prefix === undefined ? '' : ` under the prefix ${prefix}`}, and runs started later`);
  try {
    const signal = await Promise.race([failed, untilInterrupted()]);
    // Ctrl-C is how a person stops the server (exit 0); SIGTERM, how a supervisor does: 143, as a shell reports it.
    return signal === 'SIGTERM' ? signalExitCode(signal) : 0;
  } finally {
    await server.close();
  }
}
