/**
 * `gradstream train`: the lesson's training run, printed as d2l prints it.
 *
 * The run is one RxJS pipeline — `trainOn` (minibatches in time slices, through a StepGate when watched)
 * — whose events fan out to the console printout, the progress bar, `--events` (NDJSON on stdout),
 * `--record` (an NDJSON file) and `--monitor` (the dashboard and WebSocket server, with its remote control).
 *
 * @example
 * // gradstream train --epochs 5 --lr 0.05 --record run.ndjson
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { TrainEvent } from '@gradstream/events';
import { toNdjsonLine } from '@gradstream/events';
import { Subject } from 'rxjs';
import { noPositionals } from '../args.js';
import { defineCommand } from '../command.js';
import { EXIT_FAILURE } from '../errors.js';
import { drained, startMonitor, untilInterrupted } from '../monitor.js';
import { checkTrainOutputs } from '../output-files.js';
import { whenStdoutCloses } from '../output.js';
import { createProgress } from '../progress.js';
import { Interrupted } from '../synthetic-data.js';
import { createReporter } from '../report.js';
import { defaultStepsPerSecond, trainingControl, type TrainingControl } from '../train-control.js';
import { checkCombinations, TRAIN_OPTIONS, type TrainOptions } from '../train-options.js';
import { planRun } from '../train-plan.js';
import { checkRedisCombinations, loadRedis, REDIS_OPTIONS, RUN_ID_OPTION, type RedisOptionValues } from '../redis-options.js';
import { checkRunsCombinations, startRunRecording } from '../train-runs.js';
import { interruptionEvent, runToEnd, signalExitCode, signalName, watchSignals, type Signals } from '../train-session.js';

export const train = defineCommand({
  name: 'train',
  summary: 'train a model (the lesson\'s linear regression, logistic, softmax, an MLP) and print the loss per epoch (d2l)',
  usage: 'gradstream train [options]',
  description: [
    'Without options it runs the d2l lesson: 1000 rows of y = 2·x1 − 3.4·x2 + 4.2 + noise(0.01), batch 10,',
    'lr 0.03, 3 epochs, seed 42, and prints `epoch N, loss …`, the errors in estimating w and b, and the wall time.',
    'With --monitor it prints the dashboard URL, waits for the page, and paces the run so a person can watch it',
    '(the lesson: ~20 steps/s, 15 s); the page can pause, single-step, change the speed and explain any step.',
    'Ctrl-C (exit 130) or SIGTERM (exit 143) stops the run; with --checkpoint the last step stays on disk for --resume.',
    '--model, --hidden, --activation, --loss and --l2 choose another model and --data blobs|moons other data: a classifier',
    'prints its accuracy after each epoch and the dashboard draws its decision boundary.',
  ].join('\n'),
  options: { ...TRAIN_OPTIONS, ...REDIS_OPTIONS, ...RUN_ID_OPTION },
  examples: [
    'gradstream train',
    'gradstream train --epochs 10 --optimizer adam --lr 0.1',
    'gradstream train --data moons --monitor                    # micrograd\'s MLP on two moons, decision boundary live',
    'gradstream train --model softmax --data blobs',
    'gradstream train --monitor 8080 --open',
    'gradstream train --monitor --no-wait --steps-per-second max --exit-when-done',
    'gradstream train --n 100000 --checkpoint run.ckpt.json     # then: gradstream train --resume run.ckpt.json',
    'gradstream train --lr 0.1 --runs runs                      # recorded in runs/lr=0.1,bs=10,seed=42/',
    'gradstream train --reference fixtures/d2l-linreg-sgd.json   # from the repository root',
    'gradstream generate | gradstream train --stdin --events | gradstream serve --stdin',
  ],
  async run(o, positionals) {
    noPositionals('train', positionals);
    checkCombinations(o);
    checkRedisCombinations(o);
    checkRunsCombinations(o);
    await checkTrainOutputs(o);
    // Wall time is the process's own, from Node's start (performance.now() counts from it): starting Node and loading
    // the code (tsx compiles the sources in a clone) are part of what a person waits for.
    const wallStart = 0;
    const print = (line: string) => (o.events ? process.stderr : process.stdout).write(line + '\n');
    const signals = watchSignals();
    try {
      return await trainCommand(o, print, wallStart, signals);
    } catch (err) {
      if (!(err instanceof Interrupted)) throw err;
      process.stderr.write(`gradstream: interrupted by ${signalName(signals.received)} ${err.message}.\n`);
      return signalExitCode(signals.received);
    } finally {
      signals.stop();
    }
  },
});

async function trainCommand(o: TrainOptions & RedisOptionValues, print: (line: string) => void, wallStart: number, signals: Signals): Promise<number> {
  const watched = o.monitor !== undefined;
  const { StepGate } = await import('@gradstream/data');
  // --redis: the gate holds the run after its first batch (its `run` event names it) until Redis has registered it.
  const gate = watched || o.stepsPerSecond !== undefined || o.redis !== undefined ? new StepGate() : undefined;
  const control: TrainingControl | undefined = watched ? trainingControl(gate!) : undefined;
  // --events: do not run ahead of a slow reader (e.g. `| gradstream serve --stdin`); one that goes away (EPIPE) stops the run.
  const stdoutReady = () => (o.events && process.stdout.writableNeedDrain ? once(process.stdout, 'drain').then(() => undefined, () => undefined) : undefined);
  // --redis: the run's events also go to Redis; past its buffer bound (Redis away) the run waits, never drops.
  const redis = o.redis === undefined ? undefined : await loadRedis(o.redis).then(async (url) => (await import('../redis-publishing.js')).redisPublishing(url, o, gate));
  const ready = redis ? redis.paced(stdoutReady) : stdoutReady;
  // --runs: the run gets a directory of its own, where its checkpoint goes too.
  const recording = o.runs === undefined ? undefined : await startRunRecording(o, print);
  const { events$, totalSteps, summarize } = await planRun(recording ? { ...o, checkpoint: recording.checkpointPath } : o, { ready, interrupted: () => signals.received !== undefined, print, ...(gate ? { gate } : {}), ...(control ? { explainRequests: control.explainRequests } : {}) });
  gate?.setSpeed(o.stepsPerSecond !== undefined ? o.stepsPerSecond : watched ? defaultStepsPerSecond(totalSteps) : null);

  const live = new Subject<TrainEvent>();
  // The printed URL carries the control key: whoever opens it can pause and step; other viewers only watch.
  const controlToken = randomBytes(12).toString('base64url');
  const server = watched
    ? await startMonitor(live, { port: o.monitor, host: o.host, token: o.token, open: o.open, allowedOrigins: o.allowOrigin, control: control!.runControl, controlToken }, print)
    : undefined;
  if (server && !o.noWait) {
    print('waiting for the dashboard: open the address above (--no-wait starts at once)');
    const first = await Promise.race([server.firstViewer().then(() => 'viewer' as const), signals.next]);
    if (first !== 'viewer') {
      await server.close();
      process.stderr.write(`gradstream: interrupted by ${signalName(signals.received)} before training started.\n`);
      return signalExitCode(signals.received);
    }
  }

  const report = createReporter(print, { wallClockStart: wallStart });
  const progress = createProgress(totalSteps);
  const all: TrainEvent[] = [];
  let last: TrainEvent | undefined;
  let globalStep = 0;
  const published$ = redis ? events$.pipe(redis.operator) : events$;
  const recorded$ = o.record === undefined ? published$ : published$.pipe((await import('@gradstream/monitor')).toNdjson(o.record));
  const emit = (event: TrainEvent) => {
    last = event;
    if (summarize) all.push(event);
    if (event.type === 'step') {
      globalStep = event.globalStep;
      progress.update(event.globalStep, event.loss);
    } else if (event.type !== 'explain') progress.stop();
    if (o.events) process.stdout.write(toNdjsonLine(event));
    live.next(event);
    control?.observe(event);
    report(event);
  };
  // --redis: a reader that goes away (`| head -1`) stops the run, stored and marked interrupted, then ends quietly (0).
  const keepOnClosedStdout = redis && whenStdoutCloses(() => signals.closeStdout());
  const outcome = await runToEnd(recording ? recorded$.pipe(recording.record) : recorded$, emit, signals);
  progress.stop();
  if (redis) globalStep = Math.max(globalStep, redis.lastStep); // stopped while Redis registers the run: step 1 is published, not shown
  const stored = await redis?.close(outcome === 'interrupted' ? interruptionEvent(signals, globalStep) : undefined).finally(keepOnClosedStdout);
  if (signals.stdoutClosed && !signals.received) return server?.close().then(() => 0) ?? 0;
  if (stored) print(stored);

  if (outcome === 'interrupted') {
    await reportInterruption(o, interruptionEvent(signals, globalStep), live);
    await server?.close();
    return signalExitCode(signals.received);
  }
  live.complete();
  if (summarize) print(summarize(all));
  const failed = last?.type === 'error' ? last : undefined;
  if (failed) process.stderr.write(`gradstream: ${failed.message}${failed.hint ? ` (${failed.hint})` : ''}\n`);
  if (server) {
    if (!o.exitWhenDone) {
      print('training finished; the dashboard stays up until Ctrl-C');
      await Promise.race([signals.next, untilInterrupted()]);
    } else {
      await drained(server);
    }
    await server.close();
  }
  return failed ? EXIT_FAILURE : 0;
}

/** A run stopped by a signal: an `error` event says so (stdout, the recording, the dashboard), and stderr says where to resume. */
async function reportInterruption(o: TrainOptions & RedisOptionValues, stopEvent: TrainEvent & { type: 'error' }, live: Subject<TrainEvent>): Promise<void> {
  if (o.events) process.stdout.write(toNdjsonLine(stopEvent));
  if (o.record !== undefined) {
    const { appendFileSync } = await import('node:fs');
    appendFileSync(o.record, toNdjsonLine(stopEvent));
  }
  live.next(stopEvent);
  live.complete();
  const cp = o.checkpoint ?? o.resume;
  // Unsubscribing made the trainer write the checkpoint of the last step taken: say which step it holds.
  const { readCheckpoint } = await import('@gradstream/trainer/node');
  const saved = cp === undefined ? undefined : await readCheckpoint(cp).catch(() => undefined);
  // A run published to Redis goes on in the same stream only when the resumed run publishes there too.
  const redisFlags = o.redis === undefined ? '' : await redisResumeFlags(o);
  const resumeHint = saved ? ` The last checkpoint is in ${cp} (step ${saved.position.globalStep}): continue with \`gradstream train --resume ${cp}${redisFlags}\`.` : '';
  process.stderr.write(`gradstream: ${stopEvent.message}.${resumeHint}\n`);
}

/** ` --redis URL [--redis-prefix P] [--run-id ID]` as given, the URL's password hidden (GRADSTREAM_REDIS_PASSWORD carries it). */
async function redisResumeFlags(o: RedisOptionValues): Promise<string> {
  const { redactRedisUrl } = await import('@gradstream/redis');
  const prefix = o.redisPrefix === undefined ? '' : ` --redis-prefix ${o.redisPrefix}`;
  return ` --redis ${redactRedisUrl(o.redis!)}${prefix}${o.runId === undefined ? '' : ` --run-id ${o.runId}`}`;
}
