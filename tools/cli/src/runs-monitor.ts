/**
 * Serving many runs (a sweep, a directory of runs) to the dashboard: `@gradstream/monitor`'s `serveRuns`,
 * with the addresses printed as `train --monitor` prints them.
 *
 * @example
 * // not run: it starts a server
 * import { startRunsMonitor } from './runs-monitor.js';
 * const server = await startRunsMonitor(watchRuns('runs'), { port: 0 }, (line) => console.error(line));
 */
import { warnIfOpen } from './monitor.js';
import type { TaggedEvent } from '@gradstream/events';
import type { MonitorServer } from '@gradstream/monitor';
import type { Observable } from 'rxjs';
import type { MonitorOptions } from './monitor.js';

export async function startRunsMonitor(
  runs$: Observable<TaggedEvent>,
  options: Omit<MonitorOptions, 'control' | 'controlToken'> & { replicas?: Observable<readonly string[]>; publicUrl?: string },
  print: (line: string) => void,
): Promise<MonitorServer> {
  const { serveRuns } = await import('@gradstream/monitor');
  const server = await serveRuns(runs$, {
    port: options.port ?? 0,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.allowedOrigins === undefined ? {} : { allowedOrigins: options.allowedOrigins }),
    ...(options.replicas === undefined ? {} : { replicas: options.replicas }),
  });
  warnIfOpen(server.host, options.token, 'every run it serves');
  // The address browsers reach it at, when given (`--public-url`), with the server's own query (its token).
  print(`dashboard: ${options.publicUrl === undefined ? server.url : new URL(new URL(server.url).search, options.publicUrl).href}`);
  print(`websocket: ${server.wsUrl}`);
  return server;
}
