/**
 * What `gradstream train` will run, from its options: the reference replay, a resumed checkpoint, or a
 * fresh run on a file, stdin or the lesson's synthetic data — each one `trainOn(dataset, options)` (or the
 * reference's own stream), so the batch plan is said once and a checkpoint is folded in one place (the trainer).
 *
 * @example
 * // not run: it needs parsed command-line options
 * import { planRun } from './train-plan.js';
 * const { events$, totalSteps } = await planRun(options, { ready: () => undefined });
 */
import type { StepGate } from '@gradstream/data';
import type { TrainEvent } from '@gradstream/events';
import type { Checkpoint, TrainOnOptions } from '@gradstream/trainer';
import type { Observable } from 'rxjs';
import { forOption, UsageError } from './errors.js';
import { builtInData, modelChoice, modelDefaults, modelKind, moonsLabels } from './model-options.js';
import { planStreamedRun } from './streamed-plan.js';
import { drawDataset } from './synthetic-data.js';
import type { TrainOptions } from './train-options.js';

/** A training run ready to subscribe: its events, how many steps it will take, and what it compares to. */
export interface Plan {
  events$: Observable<TrainEvent>;
  totalSteps?: number;
  /** Called with all events at the end (the reference comparison). */
  summarize?: (events: TrainEvent[]) => string;
}

export interface PlanContext {
  /** Awaited between slices of batches (backpressure): resolves when stdout has drained. */
  ready: () => Promise<void> | void;
  /** Paces the batches (steps per second, pause, single steps) when the run is watched. */
  gate?: StepGate;
  /** Emits when a viewer asks to explain the latest step. */
  explainRequests?: Observable<void>;
  /** Whether a signal came: drawing synthetic data stops between slices (throws `Interrupted`). */
  interrupted?: () => boolean;
  /** Where a long step says what it is doing. */
  print?: (line: string) => void;
}

/** Minibatches come in slices of at most this many ms, so Ctrl-C, stdout and the monitor's sockets are served during a run. */
const SLICE_MS = 25;
const DEFAULT_CHECKPOINT_EVERY = 100;

export async function planRun(o: TrainOptions, ctx: PlanContext): Promise<Plan> {
  // Loaded here, not at the top: `--help` and usage errors then answer without loading them.
  const trainer = await import('@gradstream/trainer');
  // Node's file parts: checkpoint and reference files (importing it also lets train() write checkpoints).
  const trainerFiles = await import('@gradstream/trainer/node');
  const { batchesPerEpoch } = await import('@gradstream/data');
  const { readDataset } = await import('@gradstream/data/node');
  const explain = { every: o.explainEvery ?? 0, ...(ctx.explainRequests ? { requests: ctx.explainRequests } : {}) };
  if (o.reference !== undefined) {
    const fx = await forOption('--reference', trainerFiles.readFixture(o.reference));
    return {
      events$: trainer.referenceRun(fx, { engine: o.engine ?? 'fused', explain }),
      totalSteps: fx.steps.length,
      summarize: (events) => `reference ${o.reference}:\n${trainer.formatComparison(trainer.compareToReference(events, fx), 1e-9)}`,
    };
  }
  const resume: Checkpoint | undefined = o.resume === undefined ? undefined : await forOption('--resume', trainerFiles.readCheckpoint(o.resume));
  const data = resume?.data;
  const common: TrainOnOptions = {
    explain,
    pace: { sliceMs: SLICE_MS, ready: ctx.ready, ...(ctx.gate ? { gate: ctx.gate } : {}) },
  };
  const checkpointPath = o.checkpoint ?? o.resume;
  if (checkpointPath !== undefined) common.checkpoint = { path: checkpointPath, everySteps: o.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY };
  const { LESSON } = trainer;
  const kind = modelKind(o);
  let options: TrainOnOptions;
  if (resume) options = { ...common, resume };
  else {
    const defaults = modelDefaults(kind);
    options = { ...common, lr: o.lr ?? defaults.lr, batchSize: o.batchSize ?? defaults.batchSize, epochs: o.epochs ?? defaults.epochs, seed: o.seed ?? LESSON.seed };
    if (o.optimizer) options.optimizer = o.optimizer;
    if (o.engine) options.engine = o.engine;
  }
  const seed = data?.seed ?? o.seed ?? LESSON.seed;
  const builtIn = builtInData(o.data);
  const custom = kind !== 'linear' || o.loss !== undefined || o.l2 !== undefined;
  const withModel = <T extends { d: number; classes?: number }>(ds: T): T => {
    if (custom && !resume) options.model = trainer.buildModel(modelChoice(o, ds));
    return ds;
  };
  if (builtIn === undefined || o.stdin) {
    // The lesson's model streams its epochs from disk in flat memory; a checkpoint's data fingerprint, or another
    // model (which needs the data's features and classes first), reads the rows into memory.
    if (!resume && checkpointPath === undefined && !custom) return planStreamedRun(o, ctx, options);
    const classes = kind === 'softmax' || o.loss === 'cross-entropy' ? { classes: true as const } : {};
    const ds = withModel(await forOption(o.stdin ? '--stdin' : '--data', readDataset(o.stdin ? process.stdin : o.data!, { label: o.label, ...classes, ...(o.stdin ? { name: 'stdin' } : {}) })));
    options.source = o.stdin ? 'stdin' : o.data!;
    return { events$: trainer.trainOn(ds, options), totalSteps: totalSteps(ds.n, options, data, batchesPerEpoch) };
  }
  if (builtIn !== 'lesson') {
    const { blobs, moons } = await import('@gradstream/data');
    const ds = withModel(
      builtIn === 'blobs'
        ? blobs({ n: o.n ?? 300, d: 2, classes: o.classes ?? 3, spread: 1, seed })
        : moons({ n: o.n ?? 200, noise: o.noise ?? 0.1, seed, labels: moonsLabels(modelChoice(o, { d: 2, classes: 2 }).loss) }),
    );
    return { events$: trainer.trainOn(ds, { ...options, source: builtIn }), totalSteps: totalSteps(ds.n, options, data, batchesPerEpoch) };
  }
  if (resume && (data!.n === undefined || data!.trueW === undefined || data!.trueB === undefined || data!.noise === undefined)) {
    throw new UsageError(`invalid option. --resume needs --data FILE for a run that did not train on synthetic data (the checkpoint holds no data recipe). Value: \`${o.resume}\`.`);
  }
  const recipe = {
    n: data?.n ?? o.n ?? LESSON.n,
    trueW: data?.trueW ?? o.trueW ?? [...LESSON.trueW],
    trueB: data?.trueB ?? o.trueB ?? LESSON.trueB,
    noise: data?.noise ?? o.noise ?? LESSON.noise,
  };
  // In slices, so a signal stops a large draw; refused up front when it cannot fit (8 bytes a row: the shuffle order).
  const ds = withModel(await drawDataset(recipe, seed, { interrupted: ctx.interrupted ?? (() => false), print: ctx.print ?? (() => {}), extraBytesPerRow: 8 }));
  return { events$: trainer.trainOn(ds, { ...options, source: 'synthetic', recipe }), totalSteps: totalSteps(ds.n, options, data, batchesPerEpoch) };
}

function totalSteps(
  n: number,
  o: TrainOnOptions,
  data: Checkpoint['data'] | undefined,
  perEpoch: (n: number, batchSize: number, dropLast: boolean) => number,
): number {
  const batchSize = data?.batchSize ?? o.batchSize!;
  return (data?.epochs ?? o.epochs!) * perEpoch(n, batchSize, data?.dropLast ?? false);
}
