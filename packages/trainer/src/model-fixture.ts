/**
 * The reference trajectory of any model (issue 15's "fixture format"): the model's spec, the data, the initial
 * parameters by name, every epoch's shuffle order, every step's loss and parameters, and every epoch's loss and
 * accuracy — what `fixtures/make_model_fixtures.py` writes from PyTorch. The lesson's older format
 * (`d2l-linreg-sgd.json`) is the case `sizes [d, 1]`, loss `squared`, and is read into this shape too
 * (`toModelFixture`), so one replay and one comparison serve both.
 */
import type { ModelSpec, OptimizerConfig } from '@gradstream/events';
import { show } from '@gradstream/data';
import { lossHead } from './models/loss-heads.js';
import { mlpSpec } from './models/mlp.js';
import { resolveOptimizer } from './optimizers.js';

export interface ModelFixtureStep {
  epoch: number;
  /** 1-based inside the epoch. */
  step: number;
  size: number;
  /** The batch's loss before the update: mean over its rows + l2·Σp². */
  loss: number;
  /** Every parameter after the update, flat in the model's order (W1, b1, W2, …; the lesson: w, b). */
  params: number[];
}

export interface ModelFixture {
  description?: string;
  model: Pick<ModelSpec, 'sizes' | 'activation' | 'loss' | 'l2'>;
  /** Parameter names and shapes, in order. */
  parameters: { name: string; shape: number[] }[];
  n: number;
  d: number;
  classes?: number;
  batchSize: number;
  lr: number;
  epochs: number;
  optimizer: OptimizerConfig;
  trueW?: number[];
  trueB?: number;
  features: number[];
  labels: number[];
  /** Initial parameters, flat in the model's order. */
  init: number[];
  order: number[][];
  steps: ModelFixtureStep[];
  epochLoss: number[];
  /** Accuracy over all rows after each epoch (classifiers). */
  epochAccuracy?: number[];
}

/**
 * Checks a parsed model fixture (issue 15's format) and returns it with its parameters flattened in order.
 * Throws a `TypeError` naming `where`, the field, the rule and the value.
 *
 * @example
 * import { validateModelFixture } from '@gradstream/trainer';
 * try { validateModelFixture({ model: { sizes: [2, 1], loss: 'hinge', l2: -1 } }, 'f.json'); } catch (e) { console.log((e as Error).message); }
 * // invalid reference in f.json. model must describe a valid model: invalid argument. model.l2 must be … Value: `{"sizes":[2,1],…}`.
 */
export function validateModelFixture(json: unknown, where = 'reference'): ModelFixture {
  const fail = (field: string, rule: string, value: unknown): never => {
    throw new TypeError(`invalid reference in ${where}. ${field} ${rule}. Value: \`${show(value)}\`.`);
  };
  const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  const posInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1;
  const numbers = (field: string, x: unknown, length: number): number[] => {
    if (!Array.isArray(x)) fail(field, `must be an array of ${length} finite numbers`, x);
    const a = x as unknown[];
    if (a.length !== length) fail(`${field}.length`, `must be ${length}`, a.length);
    const bad = a.findIndex((v) => !finite(v));
    if (bad >= 0) fail(`${field}[${bad}]`, 'must be a finite number', a[bad]);
    return a as number[];
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('reference', 'must be a JSON object', json);
  const f = json as Record<string, unknown>;
  const m = f.model as Record<string, unknown> | undefined;
  if (typeof m !== 'object' || m === null) fail('model', 'must be an object { sizes, activation, loss, l2 }', m);
  let spec: ModelSpec;
  try {
    spec = mlpSpec({ sizes: m!.sizes as number[], activation: m!.activation as never, loss: m!.loss as never, l2: m!.l2 as number });
  } catch (e) {
    return fail('model', `must describe a valid model: ${(e as Error).message}`, m);
  }
  for (const k of ['n', 'd', 'batchSize', 'epochs'] as const) if (!posInt(f[k])) fail(k, 'must be a positive integer', f[k]);
  if (!finite(f.lr) || (f.lr as number) <= 0) fail('lr', 'must be a positive finite number', f.lr);
  const [n, d, epochs] = [f.n as number, f.d as number, f.epochs as number];
  if (spec.sizes[0] !== d) fail('model.sizes[0]', `must equal d = ${d}`, spec.sizes[0]);
  try {
    resolveOptimizer(f.optimizer as OptimizerConfig);
  } catch (e) {
    fail('optimizer', `must be { name: sgd | momentum | adam, … } (${(e as Error).message})`, f.optimizer);
  }
  const features = numbers('features', f.features, n * d);
  const labels = numbers('labels', f.labels, n);
  const head = lossHead(spec.loss);
  const outputs = spec.sizes[spec.sizes.length - 1];
  labels.forEach((y, i) => head.validLabel(y, outputs) || fail(`labels[${i}]`, `must be ${head.labels} for the ${spec.loss} loss`, y));
  const sizes = spec.parameters.map((p) => p.shape.reduce((a, b) => a * b, 1));
  const byName = (field: string, x: unknown, data: (v: unknown) => unknown): number[] => {
    if (typeof x !== 'object' || x === null) fail(field, `must be an object of parameters by name (${spec.parameters.map((p) => p.name).join(', ')})`, x);
    const values = x as Record<string, unknown>;
    return spec.parameters.flatMap(({ name }, k) => numbers(`${field}.${name}`, data(values[name]), sizes[k]));
  };
  const init = byName('init', f.init, (v) => (v as { data?: unknown } | undefined)?.data);
  const order = checkOrder(f.order, n, epochs, fail);
  if (!Array.isArray(f.steps) || f.steps.length === 0) fail('steps', 'must be a nonempty array', f.steps);
  const steps = (f.steps as Record<string, unknown>[]).map((st, i) => {
    if (typeof st !== 'object' || st === null) fail(`steps[${i}]`, 'must be an object', st);
    for (const k of ['epoch', 'step', 'size'] as const) if (!posInt(st[k])) fail(`steps[${i}].${k}`, 'must be a positive integer', st[k]);
    if ((st.size as number) > (f.batchSize as number)) fail(`steps[${i}].size`, `must be at most batchSize = ${f.batchSize}`, st.size);
    if (!finite(st.loss)) fail(`steps[${i}].loss`, 'must be a finite number', st.loss);
    const params = byName(`steps[${i}].params`, st.params, (v) => v);
    return { epoch: st.epoch as number, step: st.step as number, size: st.size as number, loss: st.loss as number, params };
  });
  const fx: ModelFixture = {
    model: { sizes: spec.sizes, activation: spec.activation, loss: spec.loss, l2: spec.l2 },
    parameters: spec.parameters,
    n, d, batchSize: f.batchSize as number, lr: f.lr as number, epochs,
    optimizer: f.optimizer as OptimizerConfig,
    features, labels, init, order, steps,
    epochLoss: numbers('epochLoss', f.epochLoss, epochs),
  };
  if (typeof f.description === 'string') fx.description = f.description;
  if (spec.classes !== undefined) fx.classes = spec.classes;
  if (f.epochAccuracy !== null && f.epochAccuracy !== undefined) fx.epochAccuracy = numbers('epochAccuracy', f.epochAccuracy, epochs);
  return fx;
}

/** One permutation of 0…n−1 per epoch. */
export function checkOrder(order: unknown, n: number, epochs: number, fail: (field: string, rule: string, value: unknown) => never): number[][] {
  if (!Array.isArray(order) || order.length !== epochs) fail('order', `must be an array of ${epochs} permutations (one per epoch)`, order);
  (order as unknown[]).forEach((perm, e) => {
    if (!Array.isArray(perm)) fail(`order[${e}]`, `must be a permutation of 0…${n - 1}`, perm);
    const seen = new Uint8Array(n);
    (perm as unknown[]).forEach((i, k) => {
      if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= n || seen[i]) fail(`order[${e}][${k}]`, `must be a distinct row index in 0…${n - 1}`, i);
      seen[i as number] = 1;
    });
  });
  return order as number[][];
}
