/**
 * `gradstream serve --runs DIR`: every run of a directory of runs on the dashboard — the runs there, live
 * while their logs grow, and runs added later (`watchRuns` of @gradstream/runs) — until Ctrl-C (exit 0) or
 * SIGTERM (143). A run whose writer was killed shows as interrupted.
 *
 * @example
 * // not run: it serves until Ctrl-C
 * import { serveRunsDirectory } from './serve-runs-dir.js';
 * process.exitCode = await serveRunsDirectory('runs', { port: 8080 });
 */
import { existsSync } from 'node:fs';
import { untilInterrupted } from './monitor.js';
import type { MonitorOptions } from './monitor.js';
import { startRunsMonitor } from './runs-monitor.js';
import { signalExitCode } from './train-session.js';

export async function serveRunsDirectory(dir: string, options: Omit<MonitorOptions, 'control' | 'controlToken'>): Promise<number> {
  const { watchRuns, runIds } = await import('@gradstream/runs');
  const print = (line: string) => process.stderr.write(line + '\n');
  const server = await startRunsMonitor(watchRuns(dir), options, print);
  const count = runIds(dir).length;
  print(existsSync(dir) ? `serving the ${count} run${count === 1 ? '' : 's'} in ${dir}, and runs added later` : `${dir} does not exist yet: its runs appear as they are recorded`);
  const signal = await untilInterrupted();
  await server.close();
  // Ctrl-C is how a person stops the server (exit 0); SIGTERM, how a supervisor does: 143, as a shell reports it.
  return signal === 'SIGTERM' ? signalExitCode(signal) : 0;
}
