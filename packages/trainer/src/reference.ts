/**
 * Reference trajectories: a recorded run of the lesson (PyTorch float64 for the shipped fixture) with
 * its data, initial parameters, every epoch's shuffle order, every step's loss and parameters and
 * every epoch's loss. `referenceRun` replays the fixture's batches in the fixture's order through
 * `train`; `compareToReference` reports how far each recorded number is from ours.
 */
import { readJsonFile } from './read-json.js';
import { Observable } from 'rxjs';
import type { EngineName, OptimizerConfig, TrainEvent } from '@gradstream/events';
import { show } from './errors.js';
import { resolveOptimizer } from './optimizers.js';
import { train } from './train.js';
import { minibatches } from '@gradstream/data';
import type { TrainConfig } from './config.js';
import type { BatchLike, DatasetLike } from './types.js';

export interface ReferenceStep {
  epoch: number;
  /** 1-based inside the epoch. */
  step: number;
  size: number;
  /** Σ over the batch of (ŷ − y)²/2 before the update. */
  lossSum: number;
  /** Parameters after the update. */
  w: number[];
  b: number;
}

export interface ReferenceFixture {
  description?: string;
  n: number;
  d: number;
  batchSize: number;
  lr: number;
  epochs: number;
  optimizer: OptimizerConfig;
  trueW?: number[];
  trueB?: number;
  /** n·d, row-major. */
  features: number[];
  labels: number[];
  init: { w: number[]; b: number };
  /** One permutation of 0…n−1 per epoch: the rows in the order they were batched. */
  order: number[][];
  steps: ReferenceStep[];
  /** Mean over all rows of (ŷ − y)²/2 after each epoch. */
  epochLoss: number[];
}

/**
 * Reads and validates a reference file; errors name the file, the field, the rule and the value.
 *
 * @example
 * import { readReference } from '@gradstream/trainer';
 * const fx = await readReference('../../fixtures/d2l-linreg-sgd.json');
 * console.log(fx.n, fx.d, fx.steps.length); // 1000 2 300
 */
export async function readReference(path: string): Promise<ReferenceFixture> {
  return validateReference(await readJsonFile(path, 'reference'), path);
}

/**
 * Checks a parsed reference object field by field (`where` names its origin in messages).
 *
 * @example
 * import { validateReference } from '@gradstream/trainer';
 * try { validateReference({ n: 0 }, 'f.json'); } catch (e) { console.log((e as Error).message); }
 * // invalid reference in f.json. n must be a positive integer. Value: `0`.
 */
export function validateReference(json: unknown, where = 'reference'): ReferenceFixture {
  const fail = (field: string, rule: string, value: unknown): never => {
    throw new TypeError(`invalid reference in ${where}. ${field} ${rule}. Value: \`${show(value)}\`.`);
  };
  const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  const posInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1;
  const numbers = (field: string, x: unknown, length: number) => {
    if (!Array.isArray(x)) fail(field, `must be an array of ${length} finite numbers`, x);
    const a = x as unknown[];
    if (a.length !== length) fail(`${field}.length`, `must be ${length}`, a.length);
    const bad = a.findIndex((v) => !finite(v));
    if (bad >= 0) fail(`${field}[${bad}]`, 'must be a finite number', a[bad]);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('reference', 'must be a JSON object', json);
  const f = json as Record<string, unknown>;
  for (const k of ['n', 'd', 'batchSize', 'epochs'] as const) if (!posInt(f[k])) fail(k, 'must be a positive integer', f[k]);
  if (!finite(f.lr) || (f.lr as number) <= 0) fail('lr', 'must be a positive finite number', f.lr);
  const n = f.n as number;
  const d = f.d as number;
  const epochs = f.epochs as number;
  try {
    resolveOptimizer(f.optimizer as OptimizerConfig);
  } catch (e) {
    fail('optimizer', `must be { name: sgd | momentum | adam, … } (${(e as Error).message})`, f.optimizer);
  }
  if (f.trueW !== undefined) numbers('trueW', f.trueW, d);
  if (f.trueB !== undefined && !finite(f.trueB)) fail('trueB', 'must be a finite number', f.trueB);
  numbers('features', f.features, n * d);
  numbers('labels', f.labels, n);
  const init = f.init as Record<string, unknown> | undefined;
  if (typeof init !== 'object' || init === null) fail('init', 'must be an object { w, b }', init);
  numbers('init.w', init!.w, d);
  if (!finite(init!.b)) fail('init.b', 'must be a finite number', init!.b);
  if (!Array.isArray(f.order) || f.order.length !== epochs) fail('order', `must be an array of ${epochs} permutations (one per epoch)`, f.order);
  (f.order as unknown[]).forEach((perm, e) => {
    if (!Array.isArray(perm)) fail(`order[${e}]`, `must be a permutation of 0…${n - 1}`, perm);
    const seen = new Uint8Array(n);
    (perm as unknown[]).forEach((i, k) => {
      if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= n || seen[i]) fail(`order[${e}][${k}]`, `must be a distinct row index in 0…${n - 1}`, i);
      seen[i as number] = 1;
    });
  });
  if (!Array.isArray(f.steps) || f.steps.length === 0) fail('steps', 'must be a nonempty array', f.steps);
  (f.steps as unknown[]).forEach((s, i) => {
    if (typeof s !== 'object' || s === null) fail(`steps[${i}]`, 'must be an object', s);
    const st = s as Record<string, unknown>;
    for (const k of ['epoch', 'step', 'size'] as const) if (!posInt(st[k])) fail(`steps[${i}].${k}`, 'must be a positive integer', st[k]);
    if ((st.epoch as number) > epochs) fail(`steps[${i}].epoch`, `must be at most epochs = ${epochs}`, st.epoch);
    if ((st.size as number) > (f.batchSize as number)) fail(`steps[${i}].size`, `must be at most batchSize = ${f.batchSize}`, st.size);
    if (!finite(st.lossSum)) fail(`steps[${i}].lossSum`, 'must be a finite number', st.lossSum);
    numbers(`steps[${i}].w`, st.w, d);
    if (!finite(st.b)) fail(`steps[${i}].b`, 'must be a finite number', st.b);
  });
  numbers('epochLoss', f.epochLoss, epochs);
  return f as unknown as ReferenceFixture;
}

/**
 * The fixture's data as a dataset (X n×d row-major, y n, true parameters when recorded).
 *
 * @example
 * import { readReference, referenceDataset } from '@gradstream/trainer';
 * const ds = referenceDataset(await readReference('../../fixtures/d2l-linreg-sgd.json'));
 * console.log(ds.n, ds.d, ds.X.length); // 1000 2 2000
 */
export function referenceDataset(fx: ReferenceFixture): DatasetLike {
  const ds: DatasetLike = { n: fx.n, d: fx.d, X: Float64Array.from(fx.features), y: Float64Array.from(fx.labels) };
  if (fx.trueW) ds.trueW = fx.trueW;
  if (fx.trueB !== undefined) ds.trueB = fx.trueB;
  return ds;
}

/**
 * The fixture's minibatches in the fixture's order: for each epoch, consecutive runs of `batchSize`
 * rows of `order[epoch]`, the last one short when batchSize does not divide n (as the recorded steps say).
 *
 * @example
 * import { count, lastValueFrom } from 'rxjs';
 * import { readReference, referenceBatches } from '@gradstream/trainer';
 * console.log(await lastValueFrom(referenceBatches(await readReference('../../fixtures/d2l-linreg-sgd.json')).pipe(count()))); // 300
 */
export function referenceBatches(fx: ReferenceFixture, ds: DatasetLike = referenceDataset(fx)): Observable<BatchLike> {
  return new Observable<BatchLike>((subscriber) => {
    const { d } = ds;
    const perEpoch = new Map<number, number>();
    for (const s of fx.steps) perEpoch.set(s.epoch, (perEpoch.get(s.epoch) ?? 0) + 1);
    for (let e = 1; e <= fx.epochs && !subscriber.closed; e++) {
      const order = fx.order[e - 1];
      const count = perEpoch.get(e) ?? 0;
      for (let k = 0; k < count && !subscriber.closed; k++) {
        const start = k * fx.batchSize;
        const size = Math.min(fx.batchSize, fx.n - start);
        const X = new Float64Array(size * d);
        const y = new Float64Array(size);
        for (let i = 0; i < size; i++) {
          const row = order[start + i];
          X.set(ds.X.subarray(row * d, (row + 1) * d), i * d);
          y[i] = ds.y[row];
        }
        subscriber.next({ epoch: e, index: k, size, d, X, y, last: k === count - 1 });
      }
    }
    subscriber.complete();
  });
}

/**
 * Replays a reference through `train` with the reference's data, order, initial parameters, lr and optimizer.
 *
 * @example
 * import { readReference, referenceRun, compareToReference, formatComparison } from '@gradstream/trainer';
 * import { toArray, lastValueFrom } from 'rxjs';
 * const fx = await readReference('../../fixtures/d2l-linreg-sgd.json');
 * const events = await lastValueFrom(referenceRun(fx, { engine: 'fused' }).pipe(toArray()));
 * console.log(formatComparison(compareToReference(events, fx)));
 */
export function referenceRun(fx: ReferenceFixture, options: { engine?: EngineName; explain?: TrainConfig['explain'] } = {}): Observable<TrainEvent> {
  const ds = referenceDataset(fx);
  const dropLast = fx.steps.length < fx.epochs * Math.ceil(fx.n / fx.batchSize);
  // The fixture's own shuffle: one explicit permutation per epoch.
  return minibatches(ds, { batchSize: fx.batchSize, epochs: fx.epochs, orders: fx.order, dropLast }).pipe(
    train({
      lr: fx.lr,
      optimizer: fx.optimizer,
      engine: options.engine ?? 'fused',
      ...(options.explain === undefined ? {} : { explain: options.explain }),
      init: { w: [...fx.init.w], b: fx.init.b },
      dataset: ds,
      source: 'reference',
    }),
  );
}

/** The largest absolute deviation of one kind of number, and where it happened. */
export interface Deviation {
  value: number;
  epoch: number;
  /** 1-based step inside the epoch (step quantities only). */
  step?: number;
  /** Which entry of w, for parameter deviations. */
  index?: number;
}

export interface ReferenceComparison {
  stepsCompared: number;
  epochsCompared: number;
  /** Structural differences: missing or extra steps, different batch sizes, an error event. */
  problems: string[];
  worst: { loss: Deviation; w: Deviation; b: Deviation; epochLoss: Deviation };
  /** max over the four worst deviations (Infinity when there are problems). */
  maxDeviation: number;
}

/**
 * Compares a run's events with a reference, step by step (the mean loss `lossSum/size`, w, b) and
 * epoch by epoch (the epoch loss).
 *
 * @example
 * import { lastValueFrom, toArray } from 'rxjs';
 * import { compareToReference, readReference, referenceRun } from '@gradstream/trainer';
 * const fixture = await readReference('../../fixtures/d2l-linreg-sgd.json');
 * const events = await lastValueFrom(referenceRun(fixture).pipe(toArray()));
 * console.log(compareToReference(events, fixture).maxDeviation <= 1e-9); // true
 */
export function compareToReference(events: readonly TrainEvent[], fx: ReferenceFixture): ReferenceComparison {
  const zero = (): Deviation => ({ value: 0, epoch: 0 });
  const worst = { loss: zero(), w: zero(), b: zero(), epochLoss: zero() };
  const problems: string[] = [];
  const steps = events.filter((e) => e.type === 'step');
  const epochs = events.filter((e) => e.type === 'epoch');
  const err = events.find((e) => e.type === 'error');
  if (err) problems.push(`the run stopped with an error: ${err.message}`);
  if (steps.length !== fx.steps.length) problems.push(`the run took ${steps.length} steps, the reference ${fx.steps.length}`);
  if (epochs.length !== fx.epochLoss.length) problems.push(`the run reported ${epochs.length} epochs, the reference ${fx.epochLoss.length}`);
  const bump = (slot: Deviation, value: number, at: Omit<Deviation, 'value'>) => {
    if (!(value <= slot.value)) Object.assign(slot, { value, ...at });
  };
  const m = Math.min(steps.length, fx.steps.length);
  for (let i = 0; i < m; i++) {
    const s = steps[i];
    const r = fx.steps[i];
    if (s.epoch !== r.epoch || s.step !== r.step || s.size !== r.size) {
      problems.push(`step ${i + 1} is epoch ${s.epoch} step ${s.step} size ${s.size}; the reference has epoch ${r.epoch} step ${r.step} size ${r.size}`);
      break;
    }
    bump(worst.loss, Math.abs(s.loss - r.lossSum / r.size), { epoch: r.epoch, step: r.step });
    r.w.forEach((wj, j) => bump(worst.w, Math.abs(s.w[j] - wj), { epoch: r.epoch, step: r.step, index: j }));
    bump(worst.b, Math.abs(s.b - r.b), { epoch: r.epoch, step: r.step });
  }
  const me = Math.min(epochs.length, fx.epochLoss.length);
  for (let i = 0; i < me; i++) bump(worst.epochLoss, Math.abs(epochs[i].loss - fx.epochLoss[i]), { epoch: i + 1 });
  const maxDeviation = problems.length > 0 ? Infinity : Math.max(worst.loss.value, worst.w.value, worst.b.value, worst.epochLoss.value);
  return { stepsCompared: m, epochsCompared: me, problems, worst, maxDeviation };
}

/**
 * The comparison as a few lines for a terminal.
 *
 * @example
 * import { lastValueFrom, toArray } from 'rxjs';
 * import { compareToReference, formatComparison, readReference, referenceRun } from '@gradstream/trainer';
 * const fixture = await readReference('../../fixtures/d2l-linreg-sgd.json');
 * const events = await lastValueFrom(referenceRun(fixture, { engine: 'autograd' }).pipe(toArray()));
 * console.log(formatComparison(compareToReference(events, fixture), 1e-9)); // … OK: every deviation is within 1e-9
 */
export function formatComparison(c: ReferenceComparison, tolerance = 1e-9): string {
  const at = (d: Deviation) =>
    d.value === 0 ? 'every step (exact)' : d.step === undefined ? `epoch ${d.epoch}` : `epoch ${d.epoch} step ${d.step}${d.index === undefined ? '' : ` w[${d.index}]`}`;
  const lines = [
    `compared ${c.stepsCompared} steps and ${c.epochsCompared} epochs`,
    `worst step loss deviation  ${c.worst.loss.value.toExponential(2)} at ${at(c.worst.loss)}`,
    `worst w deviation          ${c.worst.w.value.toExponential(2)} at ${at(c.worst.w)}`,
    `worst b deviation          ${c.worst.b.value.toExponential(2)} at ${at(c.worst.b)}`,
    `worst epoch loss deviation ${c.worst.epochLoss.value.toExponential(2)} at ${at(c.worst.epochLoss)}`,
    ...c.problems.map((p) => `problem: ${p}`),
    c.maxDeviation <= tolerance ? `OK: every deviation is within ${tolerance}` : `FAIL: deviations exceed ${tolerance}`,
  ];
  return lines.join('\n');
}
