/**
 * A reference trajectory file: a recorded run of the lesson (PyTorch float64 for the shipped fixture) with
 * its data, initial parameters, every epoch's shuffle order, every step's loss and parameters and every
 * epoch's loss. Reading it checks every field, so a malformed file fails here and not mid-run.
 */
import type { OptimizerConfig } from '@gradstream/events';
import { show } from '@gradstream/data';
import { checkOrder, type ModelFixture } from './model-fixture.js';
import { resolveOptimizer } from './optimizers.js';

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
  checkOrder(f.order, n, epochs, fail);
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
 * The lesson's trajectory in the general fixture shape: linear regression, sizes [d, 1], the squared loss, no L2;
 * parameters w then b; each step's loss the mean of its summed loss.
 *
 * @example
 * import { toModelFixture } from '@gradstream/trainer';
 * import { readReference } from '@gradstream/trainer/node';
 * const fx = toModelFixture(await readReference('../../fixtures/d2l-linreg-sgd.json'));
 * console.log(fx.model, fx.parameters.map((p) => p.name), fx.steps[0].params.length); // { sizes: [ 2, 1 ], activation: null, loss: 'squared', l2: 0 } [ 'w', 'b' ] 3
 */
export function toModelFixture(fx: ReferenceFixture): ModelFixture {
  const model = { sizes: [fx.d, 1], activation: null, loss: 'squared' as const, l2: 0 };
  const parameters = [{ name: 'w', shape: [fx.d, 1] }, { name: 'b', shape: [1] }];
  const steps = fx.steps.map(({ epoch, step, size, lossSum, w, b }) => ({ epoch, step, size, loss: lossSum / size, params: [...w, b] }));
  const { description, n, d, batchSize, lr, epochs, optimizer, trueW, trueB, features, labels, order, epochLoss } = fx;
  const out: ModelFixture = { model, parameters, n, d, batchSize, lr, epochs, optimizer, features, labels, init: [...fx.init.w, fx.init.b], order, steps, epochLoss };
  if (description !== undefined) out.description = description;
  if (trueW !== undefined) out.trueW = trueW;
  if (trueB !== undefined) out.trueB = trueB;
  return out;
}
