/**
 * What `train --monitor` and `serve` share: the monitor options, starting `@gradstream/monitor`'s
 * server, printing its address, opening a browser on request, and waiting for Ctrl-C.
 *
 * @example
 * import { startMonitor, untilInterrupted } from './monitor.js';
 * const server = await startMonitor(events$, { port: 0 }, (line) => console.error(line));
 * await untilInterrupted();
 * await server.close();
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MonitorServer } from '@gradstream/monitor';
import type { TrainEvent } from '@gradstream/events';
import type { Observable } from 'rxjs';
import { flag, value } from './args.js';
import { nonEmpty } from './values.js';

export const MONITOR_OPTIONS = {
  host: value(nonEmpty, 'HOST', 'interface the monitor listens on (default 127.0.0.1: this machine only)'),
  token: value(nonEmpty, 'TOKEN', 'require this token from WebSocket clients (?token= or Authorization: Bearer)'),
  open: flag('open the dashboard in the default browser'),
};

export interface MonitorOptions {
  port?: number;
  host?: string;
  token?: string;
  open?: boolean;
}

export async function startMonitor(
  events$: Observable<TrainEvent>,
  options: MonitorOptions,
  print: (line: string) => void,
): Promise<MonitorServer> {
  const { serveMonitor } = await import('@gradstream/monitor');
  const server = await serveMonitor(events$, {
    port: options.port ?? 0,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  print(`dashboard: ${server.url}`);
  print(`websocket: ${server.wsUrl}`);
  if (options.open) openBrowser(server.url, print);
  return server;
}

/** Best effort: a machine without a browser only gets a note. */
function openBrowser(url: string, print: (line: string) => void): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => print(`could not open a browser (${cmd} failed); open ${url} yourself`));
    child.unref();
  } catch {
    print(`could not open a browser; open ${url} yourself`);
  }
}

/**
 * Waits until every connected client has been handed all frames (nothing queued, nothing buffered),
 * at most `timeoutMs`: `--exit-when-done` must not close the sockets on the last `epoch` and `done`.
 */
export async function drained(server: MonitorServer, timeoutMs = 5000): Promise<void> {
  const until = performance.now() + timeoutMs;
  // Broadcasts go out on a later turn of the event loop than the event that caused them.
  await sleep(50);
  while (performance.now() < until) {
    const { subscribers } = server.stats();
    if (subscribers.every((s) => s.queued === 0 && s.bufferedAmount === 0)) return;
    await sleep(20);
  }
}

/** Resolves on the next SIGINT or SIGTERM (and stops listening for them). */
export function untilInterrupted(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
