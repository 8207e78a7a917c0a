/**
 * `gradstream train`: the lesson's training run, printed as d2l prints it.
 *
 * The run is one RxJS pipeline — minibatches (paced into time slices so the process stays responsive)
 * through `@gradstream/trainer`'s `train` operator — whose events fan out to the console printout, the
 * progress bar, `--events` (NDJSON on stdout), `--record` (an NDJSON file) and `--monitor` (the
 * dashboard and WebSocket server).
 *
 * @example
 * // gradstream train --epochs 5 --lr 0.05 --record run.ndjson
 */
import { once } from 'node:events';
import type { TrainEvent } from '@gradstream/events';
import type { Dataset } from '@gradstream/data';
import type { Checkpoint, TrainConfig } from '@gradstream/trainer';
import { toNdjsonLine } from '@gradstream/events';
import { Observable, Subject } from 'rxjs';
import { flag, flagName, noPositionals, optionalValue, value, type ParsedValues } from '../args.js';
import { defineCommand } from '../command.js';
import { conflictingOptions, EXIT_FAILURE, EXIT_INTERRUPTED, forOption, UsageError } from '../errors.js';
import { DATA_OPTIONS, LESSON } from '../lesson.js';
import { drained, MONITOR_OPTIONS, startMonitor, untilInterrupted } from '../monitor.js';
import { createProgress } from '../progress.js';
import { readDataset } from '../read-dataset.js';
import { createReporter } from '../report.js';
import { looksLikePort, nonEmpty, oneOf, port, positiveInteger, positiveNumber } from '../values.js';

const OPTIONS = {
  ...DATA_OPTIONS,
  batchSize: value(positiveInteger, 'N', `rows per minibatch (default ${LESSON.batchSize})`),
  lr: value(positiveNumber, 'RATE', `learning rate (default ${LESSON.lr})`),
  epochs: value(positiveInteger, 'N', `passes over the data (default ${LESSON.epochs})`),
  optimizer: value(oneOf(['sgd', 'momentum', 'adam'] as const), 'sgd|momentum|adam', 'optimizer, with torch.optim semantics (default sgd)'),
  engine: value(oneOf(['fused', 'autograd'] as const), 'fused|autograd', 'fused BLAS kernel or the autograd graph (default fused)'),
  data: value(nonEmpty, 'FILE', 'train on a CSV (header row) or NDJSON file instead of synthetic data'),
  label: value(nonEmpty, 'COL', 'label column of --data or --stdin (default y, else the last column)'),
  stdin: flag('read the rows (CSV or NDJSON, e.g. from `gradstream generate`) from stdin'),
  reference: value(nonEmpty, 'FILE', 'replay a reference trajectory (the PyTorch fixture) and compare every step'),
  events: flag('write the event stream as NDJSON to stdout (the printout moves to stderr)'),
  record: value(nonEmpty, 'FILE', 'also write the event stream as NDJSON to FILE'),
  checkpoint: value(nonEmpty, 'FILE', 'write a checkpoint to FILE periodically, after each epoch and at the end'),
  checkpointEvery: value(positiveInteger, 'STEPS', 'steps between checkpoints (default 100)'),
  resume: value(nonEmpty, 'FILE', 'continue the run saved in checkpoint FILE (keeps writing to it unless --checkpoint)'),
  monitor: optionalValue(port, looksLikePort, 0, 'PORT', 'serve the live dashboard while training (default port: any free one)'),
  ...MONITOR_OPTIONS,
  exitWhenDone: flag('with --monitor: exit when training ends instead of serving until Ctrl-C'),
};

type TrainOptions = ParsedValues<typeof OPTIONS>;

const DEFAULT_CHECKPOINT_EVERY = 100;

/** Options fixed by a reference trajectory or a checkpoint: giving them too would be ambiguous. */
const RUN_SHAPING = ['n', 'trueW', 'trueB', 'noise', 'seed', 'batchSize', 'lr', 'epochs', 'optimizer'] as const;

function checkCombinations(o: TrainOptions): void {
  const given = (key: keyof TrainOptions) => o[key] !== undefined;
  const exclusive = (a: keyof TrainOptions, b: keyof TrainOptions) => {
    if (given(a) && given(b)) throw conflictingOptions(flagName(a), flagName(b));
  };
  exclusive('stdin', 'data');
  for (const source of ['data', 'stdin', 'resume', 'checkpoint'] as const) exclusive('reference', source);
  exclusive('resume', 'stdin');
  for (const key of RUN_SHAPING) {
    exclusive('reference', key);
    exclusive('resume', key);
  }
  exclusive('resume', 'engine');
  for (const key of ['data', 'stdin'] as const) for (const synthetic of ['n', 'trueW', 'trueB', 'noise'] as const) exclusive(key, synthetic);
  if (o.stdin && process.stdin.isTTY) {
    throw new UsageError('invalid option. --stdin needs piped input, e.g. `gradstream generate | gradstream train --stdin`. Value: a terminal.');
  }
  if (given('label') && !given('data') && !given('stdin')) {
    throw new UsageError('invalid option. --label needs --data FILE or --stdin (it names a column of that data). Value: `--label`.');
  }
  for (const key of ['host', 'token', 'open', 'exitWhenDone'] as const) {
    if (given(key) && !given('monitor')) {
      throw new UsageError(`invalid option. ${flagName(key)} needs --monitor (it configures the dashboard server). Value: \`${flagName(key)}\`.`);
    }
  }
  if (given('checkpointEvery') && !given('checkpoint') && !given('resume')) {
    throw new UsageError('invalid option. --checkpoint-every needs --checkpoint FILE or --resume FILE. Value: `--checkpoint-every`.');
  }
}

/** A training run ready to subscribe: its events, how many steps it will take, and what it compares to. */
interface Plan {
  events$: Observable<TrainEvent>;
  totalSteps?: number;
  /** Called with all events at the end (the reference comparison). */
  summarize?: (events: TrainEvent[]) => string;
}

interface PlanContext {
  /** Awaited between slices of batches (backpressure): resolves when stdout has drained. */
  ready: () => Promise<void> | void;
}

/** Minibatches come in slices of at most this many ms, so Ctrl-C, stdout and the monitor's sockets are served during a run. */
const SLICE_MS = 25;

async function plan(o: TrainOptions, ctx: PlanContext): Promise<Plan> {
  // Loaded here, not at the top: `--help` and usage errors then answer without loading them.
  const { compareToReference, formatComparison, readCheckpoint, readReference, referenceRun, train: trainOperator } = await import('@gradstream/trainer');
  const { minibatches, syntheticLinear } = await import('@gradstream/data');
  if (o.reference !== undefined) {
    const fx = await forOption('--reference', readReference(o.reference));
    return {
      events$: referenceRun(fx, { engine: o.engine ?? 'fused' }),
      totalSteps: fx.steps.length,
      summarize: (events) => `reference ${o.reference}:\n${formatComparison(compareToReference(events, fx), 1e-9)}`,
    };
  }
  const checkpointEvery = o.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
  if (o.resume !== undefined) return planResume(o, await forOption('--resume', readCheckpoint(o.resume)), checkpointEvery, ctx);

  const seed = o.seed ?? LESSON.seed;
  const batchSize = o.batchSize ?? LESSON.batchSize;
  const epochs = o.epochs ?? LESSON.epochs;
  let ds: Dataset;
  let source: string;
  let recipe: TrainConfig['recipe'];
  if (o.data !== undefined || o.stdin) {
    ds = await forOption(o.stdin ? '--stdin' : '--data', readDataset(o.stdin ? '-' : o.data!, { ...(o.label === undefined ? {} : { label: o.label }) }));
    source = o.stdin ? 'stdin' : o.data!;
  } else {
    recipe = { n: o.n ?? LESSON.n, trueW: o.trueW ?? [...LESSON.trueW], trueB: o.trueB ?? LESSON.trueB, noise: o.noise ?? LESSON.noise };
    ds = syntheticLinear({ n: recipe.n, w: recipe.trueW, b: recipe.trueB, noise: recipe.noise, seed });
    source = 'synthetic';
  }
  const config: TrainConfig = {
    lr: o.lr ?? LESSON.lr,
    epochs,
    batchSize,
    optimizer: o.optimizer ?? 'sgd',
    engine: o.engine ?? 'fused',
    seed,
    shuffle: true,
    dropLast: false,
    dataset: ds,
    source,
    ...(recipe ? { recipe } : {}),
    ...(o.checkpoint === undefined ? {} : { checkpoint: { path: o.checkpoint, everySteps: checkpointEvery } }),
  };
  const operator = trainOperator(config);
  // reuse: the train operator is done with each batch before the next, so one set of arrays serves them all.
  const batches$ = minibatches(ds, { batchSize, epochs, shuffle: true, seed, dropLast: false, reuse: true, pace: { sliceMs: SLICE_MS, ready: ctx.ready } });
  return { events$: batches$.pipe(operator), totalSteps: epochs * Math.ceil(ds.n / batchSize) };
}

async function planResume(o: TrainOptions, cp: Checkpoint, checkpointEvery: number, ctx: PlanContext): Promise<Plan> {
  const { train: trainOperator } = await import('@gradstream/trainer');
  const { minibatches, syntheticLinear } = await import('@gradstream/data');
  const { data } = cp;
  let ds: Dataset;
  let recipe: TrainConfig['recipe'];
  if (o.data !== undefined) {
    ds = await forOption('--data', readDataset(o.data, { ...(o.label === undefined ? {} : { label: o.label }) }));
  } else if (data.n !== undefined && data.trueW !== undefined && data.trueB !== undefined && data.noise !== undefined) {
    recipe = { n: data.n, trueW: data.trueW, trueB: data.trueB, noise: data.noise };
    ds = syntheticLinear({ n: data.n, w: data.trueW, b: data.trueB, noise: data.noise, seed: data.seed ?? LESSON.seed });
  } else {
    throw new UsageError(
      `invalid option. --resume needs --data FILE for a run that did not train on synthetic data (the checkpoint holds no data recipe). Value: \`${o.resume}\`.`,
    );
  }
  const seed = data.seed ?? LESSON.seed;
  const config: TrainConfig = {
    lr: cp.lr,
    epochs: data.epochs,
    batchSize: data.batchSize,
    optimizer: cp.optimizer.config,
    engine: cp.engine,
    seed,
    shuffle: data.shuffle,
    dropLast: data.dropLast,
    dataset: ds,
    resume: cp,
    source: o.data ?? 'synthetic',
    ...(recipe ? { recipe } : {}),
    checkpoint: { path: o.checkpoint ?? o.resume!, everySteps: checkpointEvery },
  };
  const operator = trainOperator(config);
  const perEpoch = data.dropLast ? Math.floor(ds.n / data.batchSize) : Math.ceil(ds.n / data.batchSize);
  // A checkpoint written after the last epoch points one past it: there is nothing left but `done`.
  const startAt = cp.position.epoch > data.epochs ? { epoch: data.epochs, index: perEpoch } : { epoch: cp.position.epoch, index: cp.position.index };
  const batches$ = minibatches(ds, {
    batchSize: data.batchSize,
    epochs: data.epochs,
    shuffle: data.shuffle,
    seed,
    dropLast: data.dropLast,
    startAt,
    reuse: true,
    pace: { sliceMs: SLICE_MS, ready: ctx.ready },
  });
  return { events$: batches$.pipe(operator), totalSteps: data.epochs * perEpoch };
}

export const train = defineCommand({
  name: 'train',
  summary: 'train the linear model with minibatch SGD and print the loss per epoch (d2l)',
  usage: 'gradstream train [options]',
  description: [
    'Without options it runs the d2l lesson: 1000 rows of y = 2·x1 − 3.4·x2 + 4.2 + noise(0.01), batch 10,',
    'lr 0.03, 3 epochs, seed 42, and prints `epoch N, loss …`, the errors in estimating w and b, and the wall time.',
    'Ctrl-C stops the run (exit 130); with --checkpoint the last checkpoint stays on disk for --resume.',
  ].join('\n'),
  options: OPTIONS,
  examples: [
    'gradstream train',
    'gradstream train --epochs 10 --optimizer adam --lr 0.1',
    'gradstream train --monitor 8080 --open',
    'gradstream train --n 100000 --checkpoint run.ckpt.json     # then: gradstream train --resume run.ckpt.json',
    'gradstream train --reference fixtures/d2l-linreg-sgd.json   # from the repository root',
    'gradstream generate | gradstream train --stdin --events | gradstream serve --stdin',
  ],
  async run(o, positionals) {
    noPositionals('train', positionals);
    checkCombinations(o);
    const wallStart = performance.now();
    const humanToStderr = o.events === true;
    const print = (line: string) => (humanToStderr ? process.stderr : process.stdout).write(line + '\n');

    let interrupted = false;
    const onSignal = () => {
      interrupted = true;
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // --events: do not run ahead of a slow reader (e.g. `| gradstream serve --stdin`).
    const ready = () => (o.events && process.stdout.writableNeedDrain ? once(process.stdout, 'drain').then(() => undefined) : undefined);
    const { events$, totalSteps, summarize } = await plan(o, { ready });

    const live = new Subject<TrainEvent>();
    const server = o.monitor === undefined ? undefined : await startMonitor(live, { port: o.monitor, host: o.host, token: o.token, open: o.open }, print);

    const report = createReporter(print, { wallClockStart: wallStart });
    const progress = createProgress(totalSteps);
    const all: TrainEvent[] = [];
    let last: TrainEvent | undefined;
    let globalStep = 0;
    const recorded$ = o.record === undefined ? events$ : events$.pipe((await import('@gradstream/monitor')).toNdjson(o.record));

    const emit = (event: TrainEvent) => {
      last = event;
      if (summarize) all.push(event);
      if (event.type === 'step') {
        globalStep = event.globalStep;
        progress.update(event.globalStep, event.loss);
      } else {
        progress.stop();
      }
      if (o.events) process.stdout.write(toNdjsonLine(event));
      live.next(event);
      report(event);
    };

    const outcome = await new Promise<'done' | 'error' | 'interrupted'>((resolve, reject) => {
      const sub = recorded$.subscribe({
        next: emit,
        error: reject,
        complete: () => resolve(last?.type === 'error' ? 'error' : 'done'),
      });
      // The signal handler only sets a flag; between slices of batches this notices it and ends the run.
      const poll = setInterval(() => {
        if (!interrupted) return;
        clearInterval(poll);
        sub.unsubscribe();
        resolve('interrupted');
      }, 20);
      sub.add(() => clearInterval(poll));
    });
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);

    if (outcome === 'interrupted') {
      const where = `interrupted by Ctrl-C after ${globalStep} steps`;
      const stopEvent: TrainEvent = { type: 'error', message: where, globalStep };
      if (o.events) process.stdout.write(toNdjsonLine(stopEvent));
      if (o.record !== undefined) {
        const { appendFileSync } = await import('node:fs');
        appendFileSync(o.record, toNdjsonLine(stopEvent));
      }
      live.next(stopEvent);
      live.complete();
      const cp = o.checkpoint ?? o.resume;
      // Unsubscribing made the trainer write the checkpoint of the last step taken: say which step it holds.
      const { readCheckpoint } = await import('@gradstream/trainer');
      const saved = cp === undefined ? undefined : await readCheckpoint(cp).catch(() => undefined);
      const resumeHint = saved ? ` The last checkpoint is in ${cp} (step ${saved.position.globalStep}): continue with \`gradstream train --resume ${cp}\`.` : '';
      process.stderr.write(`gradstream: ${where}.${resumeHint}\n`);
      await server?.close();
      return EXIT_INTERRUPTED;
    }
    live.complete();
    if (summarize) print(summarize(all));
    const failed = last?.type === 'error' ? last : undefined;
    if (failed) {
      process.stderr.write(`gradstream: ${failed.message}${failed.hint ? ` (${failed.hint})` : ''}\n`);
    }
    if (server) {
      if (!o.exitWhenDone) {
        print('training finished; the dashboard stays up until Ctrl-C');
        await untilInterrupted();
      } else {
        await drained(server);
      }
      await server.close();
    }
    return failed ? EXIT_FAILURE : 0;
  },
});
