/**
 * The options of `gradstream train` and the combinations it refuses, each with one line naming the
 * options and the rule.
 *
 * @example
 * // not run: it needs a command line (argv)
 * import { checkCombinations, TRAIN_OPTIONS } from './train-options.js';
 * const { values } = parseOptions('train', argv, TRAIN_OPTIONS);
 * checkCombinations(values);
 */
import { flag, flagName, optionalValue, value, type ParsedValues } from './args.js';
import { conflictingOptions, UsageError } from './errors.js';
import { DATA_OPTIONS, LESSON } from './lesson.js';
import { checkModelOptions, MODEL_OPTIONS } from './model-options.js';
import { MONITOR_OPTIONS } from './monitor.js';
import { looksLikePort, nonEmpty, oneOf, port, positiveInteger, positiveNumber, stepsPerSecond } from './values.js';

export const TRAIN_OPTIONS = {
  ...DATA_OPTIONS,
  batchSize: value(positiveInteger, 'N', `rows per minibatch (default ${LESSON.batchSize})`),
  lr: value(positiveNumber, 'RATE', `learning rate (default ${LESSON.lr})`),
  epochs: value(positiveInteger, 'N', `passes over the data (default ${LESSON.epochs})`),
  optimizer: value(oneOf(['sgd', 'momentum', 'adam'] as const), 'sgd|momentum|adam', 'optimizer, with torch.optim semantics (default sgd)'),
  engine: value(oneOf(['fused', 'autograd'] as const), 'fused|autograd', 'fused BLAS kernel or the autograd graph (default fused)'),
  data: value(nonEmpty, 'lesson|blobs|moons|FILE', 'the data: the lesson\'s synthetic regression (default), 3 Gaussian blobs, two moons, or a CSV (header row) or NDJSON file'),
  ...MODEL_OPTIONS,
  label: value(nonEmpty, 'COL', 'label column of --data or --stdin (default y, else the last column)'),
  stdin: flag('read the rows (CSV or NDJSON, e.g. from `gradstream generate`) from stdin'),
  reference: value(nonEmpty, 'FILE', 'replay a reference trajectory (the PyTorch fixture) and compare every step'),
  events: flag('write the event stream as NDJSON to stdout (the printout moves to stderr)'),
  record: value(nonEmpty, 'FILE', 'also write the event stream as NDJSON to FILE'),
  runs: value(nonEmpty, 'DIR', 'record the run into a directory of runs, DIR/<run-id>/ (events, config, checkpoint), as `gradstream sweep` does'),
  checkpoint: value(nonEmpty, 'FILE', 'write a checkpoint to FILE periodically, after each epoch and at the end'),
  checkpointEvery: value(positiveInteger, 'STEPS', 'steps between checkpoints (default 100)'),
  force: flag('overwrite an existing --checkpoint or --record file that is not a checkpoint or a recording'),
  resume: value(nonEmpty, 'FILE', 'continue the run saved in checkpoint FILE (keeps writing to it unless --checkpoint)'),
  monitor: optionalValue(port, looksLikePort, 0, 'PORT', 'serve the live dashboard while training (default port: any free one); the run waits for the page, then lasts ~15 s'),
  ...MONITOR_OPTIONS,
  exitWhenDone: flag('with --monitor: exit when training ends instead of serving until Ctrl-C'),
  noWait: flag('with --monitor: start training at once instead of waiting for the first dashboard to connect'),
  stepsPerSecond: value(stepsPerSecond, 'N|max', 'pace the run at N steps a second (default with --monitor: the whole run in ~15 s; max: no pacing)'),
  explainEvery: value(positiveInteger, 'N', 'also explain every N-th step (the first step and each epoch\'s first are always explained)'),
};

export type TrainOptions = ParsedValues<typeof TRAIN_OPTIONS>;


/** Options fixed by a reference trajectory or a checkpoint: giving them too would be ambiguous. */
const RUN_SHAPING = ['n', 'trueW', 'trueB', 'noise', 'seed', 'batchSize', 'lr', 'epochs', 'optimizer'] as const;

export function checkCombinations(o: TrainOptions): void {
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
  for (const key of ['model', 'hidden', 'activation', 'loss', 'l2', 'classes'] as const) {
    exclusive('reference', key);
    exclusive('resume', key);
  }
  checkModelOptions(o);
  const file = o.data !== undefined && !['lesson', 'blobs', 'moons'].includes(o.data);
  for (const synthetic of ['n', 'trueW', 'trueB', 'noise'] as const) {
    if (file && given(synthetic)) throw conflictingOptions('--data', flagName(synthetic));
    exclusive('stdin', synthetic);
    if (given(synthetic) && (o.data === 'blobs' || o.data === 'moons')) {
      if (synthetic === 'trueW' || synthetic === 'trueB' || (synthetic === 'noise' && o.data === 'blobs')) throw conflictingOptions(`--data ${o.data}`, flagName(synthetic));
    }
  }
  if (o.stdin && process.stdin.isTTY) {
    throw new UsageError('invalid option. --stdin needs piped input, e.g. `gradstream generate | gradstream train --stdin`. Value: a terminal.');
  }
  if (given('label') && !given('data') && !given('stdin')) {
    throw new UsageError('invalid option. --label needs --data FILE or --stdin (it names a column of that data). Value: `--label`.');
  }
  for (const key of ['host', 'token', 'allowOrigin', 'open', 'exitWhenDone', 'noWait'] as const) {
    if (given(key) && !given('monitor')) {
      throw new UsageError(`invalid option. ${flagName(key)} needs --monitor (it configures the dashboard server). Value: \`${flagName(key)}\`.`);
    }
  }
  if (given('force') && !given('checkpoint') && !given('record')) {
    throw new UsageError('invalid option. --force needs --checkpoint FILE or --record FILE (it lets them overwrite a file). Value: `--force`.');
  }
  if (given('checkpointEvery') && !given('checkpoint') && !given('resume')) {
    throw new UsageError('invalid option. --checkpoint-every needs --checkpoint FILE or --resume FILE. Value: `--checkpoint-every`.');
  }
}

