/**
 * `gradstream serve`: serves an event stream — NDJSON piped on stdin (`gradstream train --events |`) or
 * a recorded file (`--replay run.ndjson`) — to the dashboard page and to WebSocket subscribers. The
 * addresses go to stderr; the server stays up until Ctrl-C (or, with --exit-when-done, until the
 * stream has ended and been delivered).
 *
 * @example
 * // gradstream train --record run.ndjson && gradstream serve --replay run.ndjson --speed 1 --port 8080
 */
import { access } from 'node:fs/promises';
import { catchError, EMPTY, tap, type Observable } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { flag, noPositionals, value } from '../args.js';
import { defineCommand } from '../command.js';
import { conflictingOptions, UsageError } from '../errors.js';
import { drained, MONITOR_OPTIONS, startMonitor, untilInterrupted } from '../monitor.js';
import { nonEmpty, port, positiveNumber } from '../values.js';

export const serve = defineCommand({
  name: 'serve',
  summary: 'serve a piped or recorded event stream to the dashboard and WebSocket clients',
  usage: 'gradstream serve (--stdin | --replay FILE) [options]',
  description: 'Prints the dashboard and WebSocket addresses on stderr and serves until Ctrl-C.',
  options: {
    stdin: flag('read events (NDJSON, from `gradstream train --events`) from stdin'),
    replay: value(nonEmpty, 'FILE', 'replay events recorded with `gradstream train --record FILE`'),
    speed: value(positiveNumber, 'X', 'with --replay: pace the replay at X times the recorded speed (default: as fast as read)'),
    port: value(port, 'PORT', 'TCP port (default 0: any free port)'),
    ...MONITOR_OPTIONS,
    exitWhenDone: flag('exit once the stream has ended instead of serving until Ctrl-C'),
  },
  examples: [
    'gradstream generate | gradstream train --stdin --events | gradstream serve --stdin',
    'gradstream serve --replay run.ndjson --speed 1 --port 8080 --open',
  ],
  async run(o, positionals) {
    noPositionals('serve', positionals);
    if (o.stdin && o.replay !== undefined) throw conflictingOptions('--stdin', '--replay');
    if (!o.stdin && o.replay === undefined) {
      throw new UsageError('invalid option. serve needs an event source: --stdin or --replay FILE. Value: none.');
    }
    if (o.stdin && process.stdin.isTTY) {
      throw new UsageError('invalid option. --stdin needs piped input, e.g. `gradstream train --events | gradstream serve --stdin`. Value: a terminal.');
    }
    if (o.speed !== undefined && o.replay === undefined) {
      throw new UsageError('invalid option. --speed needs --replay FILE (a pipe arrives at its own pace). Value: `--speed`.');
    }
    if (o.replay !== undefined) await access(o.replay); // name a missing file before listening
    const print = (line: string) => process.stderr.write(line + '\n');
    const { fromNdjson } = await import('@gradstream/monitor');

    let ended!: () => void;
    let failed!: (err: unknown) => void;
    const streamEnd = new Promise<void>((resolve, reject) => {
      ended = resolve;
      failed = reject;
    });
    const source$: Observable<TrainEvent> = o.stdin
      ? fromNdjson(process.stdin, { name: 'stdin' })
      : fromNdjson(o.replay!, o.speed === undefined ? {} : { speed: o.speed });
    // The end of the stream matters here (--exit-when-done), and a malformed line ends the command (exit 1).
    const events$ = source$.pipe(
      tap({ complete: () => ended(), error: (err: unknown) => failed(err) }),
      catchError(() => EMPTY),
    );

    const server = await startMonitor(events$, { port: o.port, host: o.host, token: o.token, open: o.open }, print);
    const outcome = await Promise.race([
      streamEnd.then(() => (o.exitWhenDone ? drained(server).then(() => 'ended' as const) : new Promise<never>(() => {}))),
      untilInterrupted(),
    ]).finally(() => server.close());
    if (outcome === 'ended') print('the event stream ended; exiting (--exit-when-done)');
    return 0;
  },
});
