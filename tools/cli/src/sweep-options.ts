/**
 * The options of `gradstream sweep`: comma-separated lists for the hyperparameters a sweep varies, and
 * where and how it runs. A bad list names the option, the rule and the value.
 *
 * @example
 * import { numberList } from './sweep-options.js';
 * console.log(numberList('positive numbers', (x) => x > 0)('0.003,0.03', '--lr')); // [ 0.003, 0.03 ]
 */
import { flag, optionalValue, value, type ParsedValues } from './args.js';
import { invalidOption } from './errors.js';
import { LESSON } from './lesson.js';
import { MONITOR_OPTIONS } from './monitor.js';
import { looksLikePort, nonEmpty, port, positiveInteger } from './values.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A parser of `A,B,C` whose items must pass `ok` (the rule names them, e.g. "positive numbers"). */
export function numberList(rule: string, ok: (x: number) => boolean, example = '0.003,0.03,0.3') {
  return (raw: string, flag: string): number[] => {
    const items = raw.split(',').map((s) => (NUMBER.test(s.trim()) ? Number(s) : NaN));
    if (raw.trim() === '' || items.some((x) => !Number.isFinite(x) || !ok(x))) {
      throw invalidOption(flag, `a comma-separated list of ${rule} such as ${example}`, raw);
    }
    return items;
  };
}

const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;

function optimizerList(raw: string, flag: string): (typeof OPTIMIZERS)[number][] {
  const items = raw.split(',').map((s) => s.trim());
  if (items.some((x) => !(OPTIMIZERS as readonly string[]).includes(x))) throw invalidOption(flag, `a comma-separated list of ${OPTIMIZERS.join(', ')}`, raw);
  return items as (typeof OPTIMIZERS)[number][];
}

export const SWEEP_OPTIONS = {
  lr: value(numberList('positive numbers', (x) => x > 0), 'RATE[,RATE…]', 'learning rates to try (required)'),
  batchSize: value(numberList('positive integers', (x) => Number.isSafeInteger(x) && x > 0, '10,100'), 'N[,N…]', `batch sizes to try (default ${LESSON.batchSize})`),
  optimizer: value(optimizerList, 'NAME[,NAME…]', 'optimizers to try: sgd, momentum, adam (default sgd)'),
  seeds: value(positiveInteger, 'K', `run every point with K seeds, ${LESSON.seed} … ${LESSON.seed}+K−1 (default 1)`),
  epochs: value(positiveInteger, 'N', `passes over the data, for every run (default ${LESSON.epochs})`),
  n: value(positiveInteger, 'N', `rows of the lesson's synthetic data (default ${LESSON.n})`),
  runs: value(nonEmpty, 'DIR', 'the directory of runs that records the sweep, one DIR/<run-id>/ per run (required unless --redis)'),
  parallel: value(positiveInteger, 'N', 'runs at once, each in its own process (default: the number of cores)'),
  monitor: optionalValue(port, looksLikePort, 0, 'PORT', 'serve the dashboard of every run of the sweep, live (default port: any free one); the sweep waits for the page'),
  host: MONITOR_OPTIONS.host,
  token: MONITOR_OPTIONS.token,
  allowOrigin: MONITOR_OPTIONS.allowOrigin,
  exitWhenDone: flag('with --monitor: exit when the sweep ends instead of serving until Ctrl-C'),
  noWait: flag('with --monitor: start the sweep at once instead of waiting for the first dashboard to connect'),
};

export type SweepCliOptions = ParsedValues<typeof SWEEP_OPTIONS>;
