/**
 * What `train --monitor` and `serve` share: the monitor options, starting `@gradstream/monitor`'s
 * server, printing its address, opening a browser on request, and waiting for Ctrl-C.
 *
 * @example
 * // not run: it starts a server and waits for Ctrl-C
 * import { startMonitor, untilInterrupted } from './monitor.js';
 * const server = await startMonitor(events$, { port: 0 }, (line) => console.error(line));
 * await untilInterrupted();
 * await server.close();
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MonitorServer, RunControl } from '@gradstream/monitor';
import type { TrainEvent } from '@gradstream/events';
import type { Observable } from 'rxjs';
import { flag, repeatable, value } from './args.js';
import { UsageError } from './errors.js';
import { nonEmpty } from './values.js';

export const MONITOR_OPTIONS = {
  host: value(nonEmpty, 'HOST', 'interface the monitor listens on (default 127.0.0.1: this machine only)'),
  token: value(nonEmpty, 'TOKEN', 'require this token from WebSocket clients (?token= or Authorization: Bearer)'),
  allowOrigin: repeatable(value(originList, 'URL[,URL…]', 'also accept pages of these origins (repeatable or comma-separated), e.g. http://localhost:5173; by default only the dashboard itself')),
  open: flag('open the dashboard in the default browser'),
};

export interface MonitorOptions {
  port?: number;
  host?: string;
  token?: string;
  open?: boolean;
  /** Browser origins allowed besides the dashboard's own (`--allow-origin`). */
  allowedOrigins?: string[];
  /** The run's remote control (pause, step, speed, explain), and the key a client needs to use it. */
  control?: RunControl;
  controlToken?: string;
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
    ...(options.allowedOrigins === undefined ? {} : { allowedOrigins: options.allowedOrigins }),
    ...(options.control === undefined ? {} : { control: options.control }),
    ...(options.controlToken === undefined ? {} : { controlToken: options.controlToken }),
  });
  warnIfOpen(server.host, options.token, 'the run');
  print(`dashboard: ${server.url}`);
  print(`websocket: ${server.wsUrl}`);
  // With a control key the dashboard URL above controls the run; this one only watches.
  if (server.viewUrl !== server.url) print(`read-only view: ${server.viewUrl}`);
  if (options.open) openBrowser(server.url, print);
  return server;
}

/**
 * `--allow-origin`: one or more origins, comma-separated (the option may also be repeated), each
 * exactly as a browser sends it: scheme, host and port, no path.
 */
export function originList(raw: string, flag: string): string[] {
  const origins = raw.split(',').map((o) => o.trim().replace(/\/$/, ''));
  for (const origin of origins) {
    let normal: string | undefined;
    try {
      normal = new URL(origin).origin;
    } catch {
      normal = undefined;
    }
    if (normal === undefined || normal === 'null' || normal !== origin.toLowerCase()) {
      throw new UsageError(`invalid option. ${flag} takes origins such as http://localhost:5173 (scheme, host and port; no path), comma-separated. Value: \`${origin}\`.`);
    }
  }
  return origins.map((o) => new URL(o).origin);
}

/**
 * Warns on stderr when a monitor without a token listens where other machines reach it: they can watch `what`.
 *
 * @example
 * import { warnIfOpen } from './monitor.js';
 * warnIfOpen('127.0.0.1', undefined, 'the run'); // nothing: only this machine reaches it
 */
export function warnIfOpen(host: string, token: string | undefined, what: string): void {
  if (token !== undefined || isLoopback(host)) return;
  process.stderr.write(`gradstream: warning: the monitor listens on ${host} without --token: anyone who can reach this machine can watch ${what}. Add --token TOKEN, or listen on 127.0.0.1.\n`);
}

/** Whether only this machine can reach `host` (127.0.0.0/8, ::1, localhost). */
function isLoopback(host: string): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1' || host === 'localhost';
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
