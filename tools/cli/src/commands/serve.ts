/**
 * `gradstream serve`: serves an event stream — NDJSON piped on stdin (`gradstream train --events |`) or
 * a recorded file (`--replay run.ndjson`) — to the dashboard page and to WebSocket subscribers. The
 * addresses go to stderr; the server stays up until Ctrl-C (or, with --exit-when-done, until the
 * stream has ended and been delivered: exit 1 when it ended with an error event, such as the one for
 * input that stopped before its run finished).
 *
 * A replay is under the dashboard's control: pause, one step, speed and seek to any step. The printed
 * dashboard URL carries a fresh control key; the printed read-only view does not.
 *
 * @example
 * // gradstream train --record run.ndjson && gradstream serve --replay run.ndjson --speed 1 --port 8080
 */
import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { catchError, EMPTY, lastValueFrom, tap, toArray, type Observable } from 'rxjs';
import type { RunControl } from '@gradstream/monitor';
import type { TrainEvent } from '@gradstream/events';
import { flag, flagName, noPositionals, value } from '../args.js';
import { defineCommand } from '../command.js';
import { conflictingOptions, EXIT_FAILURE, UsageError } from '../errors.js';
import { drained, MONITOR_OPTIONS, startMonitor, untilInterrupted } from '../monitor.js';
import { serveRunsDirectory } from '../serve-runs-dir.js';
import { checkRedisCombinations, loadRedis, REDIS_OPTIONS } from '../redis-options.js';
import { signalExitCode } from '../train-session.js';
import { nonEmpty, port, positiveNumber } from '../values.js';

export const serve = defineCommand({
  name: 'serve',
  summary: 'serve runs to the dashboard and WebSocket clients: piped, recorded, a directory of runs, or every run in Redis',
  usage: 'gradstream serve (--stdin | --replay FILE | --runs DIR | --redis URL) [options]',
  description: 'Prints the dashboard and WebSocket addresses on stderr and serves until Ctrl-C. A replay can be paused, stepped, sped up or slowed down and sought from the dashboard.',
  options: {
    stdin: flag('read events (NDJSON, from `gradstream train --events`) from stdin'),
    replay: value(nonEmpty, 'FILE', 'replay events recorded with `gradstream train --record FILE`, under the dashboard\'s control'),
    runs: value(nonEmpty, 'DIR', 'serve every run of a directory of runs (from `gradstream sweep` or `train --runs`), live as they grow; runs added later appear'),
    speed: value(positiveNumber, 'X', 'with --replay: start at X times the recorded pace (default: as fast as it goes)'),
    port: value(port, 'PORT', 'TCP port (default 0: any free port)'),
    ...MONITOR_OPTIONS,
    exitWhenDone: flag('exit once the stream has ended instead of serving until Ctrl-C'),
    ...REDIS_OPTIONS,
    publicUrl: value(publicUrl, 'URL', 'with --redis: this replica\'s dashboard address as browsers reach it, listed in Redis so pages fail over to it (default: the address it listens on)'),
  },
  examples: [
    'gradstream generate | gradstream train --stdin --events | gradstream serve --stdin',
    'gradstream serve --replay run.ndjson --speed 1 --port 8080 --open',
    'gradstream serve --runs runs --port 8080                # every run of a sweep, live',
    'gradstream serve --redis redis://10.0.0.5:6379 --host 0.0.0.0 --token T   # every run in Redis (any number of replicas)',
  ],
  async run(o, positionals) {
    noPositionals('serve', positionals);
    checkRedisCombinations(o);
    if (o.publicUrl !== undefined && o.redis === undefined) throw new UsageError('invalid option. --public-url needs --redis URL. Value: `--public-url`.');
    if (o.redis !== undefined) {
      for (const other of ['stdin', 'replay', 'runs', 'speed', 'exitWhenDone', 'open'] as const) if (o[other] !== undefined) throw conflictingOptions('--redis', flagName(other));
      const url = await loadRedis(o.redis);
      const { serveRedis } = await import('../redis-serve.js');
      return serveRedis(url, o.redisPrefix, { port: o.port, host: o.host, token: o.token, allowedOrigins: o.allowOrigin, publicUrl: o.publicUrl });
    }
    if (o.runs !== undefined) {
      for (const other of ['stdin', 'replay', 'speed', 'exitWhenDone', 'open'] as const) if (o[other] !== undefined) throw conflictingOptions('--runs', flagName(other));
      return serveRunsDirectory(o.runs, { port: o.port, host: o.host, token: o.token, allowedOrigins: o.allowOrigin });
    }
    if (o.stdin && o.replay !== undefined) throw conflictingOptions('--stdin', '--replay');
    if (!o.stdin && o.replay === undefined) {
      throw new UsageError('invalid option. serve needs an event source: --stdin, --replay FILE, --runs DIR or --redis URL. Value: none.');
    }
    if (o.stdin && process.stdin.isTTY) {
      throw new UsageError('invalid option. --stdin needs piped input, e.g. `gradstream train --events | gradstream serve --stdin`. Value: a terminal.');
    }
    if (o.speed !== undefined && o.replay === undefined) {
      throw new UsageError('invalid option. --speed needs --replay FILE (a pipe arrives at its own pace). Value: `--speed`.');
    }
    const print = (line: string) => process.stderr.write(line + '\n');
    let ended!: () => void;
    const streamEnd = new Promise<void>((resolve) => (ended = resolve));
    const source = o.replay !== undefined ? await replaySource(o.replay, o.speed, o.exitWhenDone === true) : await stdinSource();
    // The end of the stream matters here (--exit-when-done); a malformed piped line ends the command (exit 1).
    let last: TrainEvent | undefined;
    const events$ = source.events$.pipe(tap({ next: (e) => (last = e), complete: () => ended() }));

    const controlToken = source.control === undefined ? undefined : randomBytes(12).toString('base64url');
    const server = await startMonitor(
      events$,
      { port: o.port, host: o.host, token: o.token, open: o.open, allowedOrigins: o.allowOrigin, control: source.control, controlToken },
      print,
    );
    if (source.control !== undefined) print('the replay is under the dashboard\'s control: pause, step, speed and seek (the dashboard URL carries the control key)');
    const outcome = await Promise.race([
      streamEnd.then(() => (o.exitWhenDone ? drained(server).then(() => 'ended' as const) : new Promise<never>(() => {}))),
      source.failed,
      untilInterrupted(),
    ]).finally(() => server.close());
    // Ctrl-C is how a person stops the server (exit 0); SIGTERM, how a supervisor does: 143, as a shell reports it.
    if (outcome === 'SIGTERM') return signalExitCode(outcome);
    if (outcome !== 'ended') return 0;
    print('the event stream ended; exiting (--exit-when-done)');
    // A run that failed, or input cut off before its run finished (fromNdjson's error event), fails the command.
    if (last?.type !== 'error') return 0;
    print(`gradstream: ${last.message}`);
    return EXIT_FAILURE;
  },
});

/** `--public-url`: an http(s) address without credentials, kept as its origin and `/` (what the registry lists). */
function publicUrl(raw: string, flag: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url === undefined || !/^https?:$/.test(url.protocol) || url.username !== '' || url.password !== '') {
    throw new UsageError(`invalid option. ${flag} must be an http:// or https:// address such as http://10.0.0.7:8080/, without credentials. Value: \`${raw.replace(/\/\/[^/@]*@/, '//***@')}\`.`);
  }
  return `${url.origin}/`;
}

interface Source {
  events$: Observable<TrainEvent>;
  control?: RunControl;
  /** Rejects when the stream fails (a malformed line): the command then exits 1. */
  failed: Promise<never>;
}

/** The recording, read whole (seek needs every step) before listening, so a bad line is named at once. */
async function replaySource(file: string, speed: number | undefined, completeAtEnd: boolean): Promise<Source> {
  await access(file); // name a missing file before anything else
  const { fromNdjson, recordedStepsPerSecond, replayControl } = await import('@gradstream/monitor');
  const events = await lastValueFrom(fromNdjson(file).pipe(toArray()));
  let stepsPerSecond: number | null = null;
  if (speed !== undefined) {
    const recorded = recordedStepsPerSecond(events);
    if (recorded === null) {
      throw new UsageError(`invalid option. --speed needs a recording with elapsed times (epoch or done events); ${file} has none. Value: \`${speed}\`.`);
    }
    stepsPerSecond = recorded * speed;
  }
  const replay = replayControl(events, { stepsPerSecond, completeAtEnd });
  return { events$: replay.events$, control: replay, failed: new Promise<never>(() => {}) };
}

async function stdinSource(): Promise<Source> {
  const { fromNdjson } = await import('@gradstream/monitor');
  let fail!: (err: unknown) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  const events$ = fromNdjson(process.stdin, { name: 'stdin' }).pipe(
    catchError((err: unknown) => {
      fail(err);
      return EMPTY;
    }),
  );
  return { events$, failed };
}
