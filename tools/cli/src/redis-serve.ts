/**
 * `gradstream serve --redis URL`: every run in Redis — those there already and those that start later — served
 * to the dashboard and WebSocket clients by the many-runs monitor (`serveRuns`). Each replica reads the same
 * streams in the same order, so any number of replicas on any machines show the same runs with the same seq
 * numbers (per run); a replica that loses Redis waits and reads on from where it was (no event twice).
 *
 * Each replica lists its dashboard address in Redis (`registerReplica`: `--public-url`, or the address it is bound
 * to) and hands the live list of every replica's address to its monitor: a page hears of the others and fails over
 * to one of them by itself when its replica dies, and each replica lets the others' pages in.
 *
 * @example
 * // not run: it needs a Redis server; serves until Ctrl-C
 * import { serveRedis } from './redis-serve.js';
 * process.exitCode = await serveRedis('redis://127.0.0.1:6379', undefined, { port: 8080 });
 */
import { redactRedisUrl, registerReplica, runsFromRedis } from '@gradstream/redis';
import type { MonitorServer } from '@gradstream/monitor';
import { catchError, EMPTY, firstValueFrom, ReplaySubject } from 'rxjs';
import { untilInterrupted, type MonitorOptions } from './monitor.js';
import { connecting } from './redis-connecting.js';
import { startRunsMonitor } from './runs-monitor.js';
import { signalExitCode } from './train-session.js';

export type RedisServeOptions = Omit<MonitorOptions, 'control' | 'controlToken'> & {
  /** The dashboard's address as browsers reach it (`--public-url`), when not the bound one (a proxy, NAT, a name). */
  publicUrl?: string;
};

/**
 * Serves until Ctrl-C (exit 0) or SIGTERM (143). Prints its addresses once Redis has listed the replica; fails (exit 1,
 * nothing printed but the reason, the password hidden) when Redis cannot be reached or refuses the credentials.
 */
export async function serveRedis(url: string, prefix: string | undefined, options: RedisServeOptions): Promise<number> {
  const print = (line: string) => process.stderr.write(line + '\n');
  let fail!: (err: unknown) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined); // awaited below; a failure before then is not unhandled
  const runs$ = runsFromRedis(url, prefix === undefined ? {} : { prefix }).pipe(
    catchError((err: unknown) => {
      fail(err);
      return EMPTY;
    }),
  );
  const { publicUrl } = options;
  const replicas$ = new ReplaySubject<readonly string[]>(1);
  // The monitor's lines wait until Redis has listed this replica: nothing is announced that cannot be served.
  const held: string[] = [];
  const server = await startRunsMonitor(runs$, { ...options, replicas: replicas$ }, (line) => held.push(line));
  const self = publicUrl ?? boundAddress(server);
  const registration = registerReplica(url, self, prefix === undefined ? {} : { prefix }).subscribe({
    next: (urls) => replicas$.next(urls),
    error: fail,
  });
  const interrupted = untilInterrupted();
  try {
    // Connected, authenticated and listed (the first list names this replica), or why not, or a signal meanwhile.
    const connected = connecting(Promise.race([firstValueFrom(replicas$), failed]), url);
    connected.catch(() => undefined); // a failure after a signal is not unhandled
    const signal = await Promise.race([connected, interrupted]);
    if (typeof signal === 'string') return exitCode(signal);
    for (const line of held) print(line);
    print(`serving every run in ${redactRedisUrl(url)}${prefix === undefined ? '' : ` under the prefix ${prefix}`}, and runs started later`);
    print(`replica: ${self} (listed in Redis: pages of a replica that dies fail over to another)`);
    return exitCode(await Promise.race([failed, interrupted]));
  } finally {
    registration.unsubscribe();
    await server.close();
  }
}

// Ctrl-C is how a person stops the server (exit 0); SIGTERM, how a supervisor does: 143, as a shell reports it.
const exitCode = (signal: NodeJS.Signals): number => (signal === 'SIGTERM' ? signalExitCode(signal) : 0);

/** `http://host:port/` as the server names itself: bound to every interface, the machine's name stands for it. */
function boundAddress(server: MonitorServer): string {
  return `${new URL(server.viewUrl).origin}/`;
}
