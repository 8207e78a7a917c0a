/**
 * Checkpoints: everything needed to continue a run bit for bit — parameters, optimizer state and the
 * stream position (next batch, seeds) — as one JSON file written atomically (temp file + rename), so
 * a crash mid-write leaves the previous checkpoint intact. JSON keeps float64 exact: JavaScript prints
 * the shortest decimal that parses back to the same double. This file holds the format and its checks;
 * reading and writing files (Node only) is in checkpoint-file.ts, behind `@gradstream/trainer/node`.
 */
import type { EngineName, ModelSpec } from '@gradstream/events';
import { show } from '@gradstream/data';
import type { DataFingerprint } from './data-fingerprint.js';
import type { OptimizerState } from './optimizers.js';
import { resolveOptimizer } from './optimizers.js';

export interface Checkpoint {
  v: 1;
  /** The lesson's parameters after the last completed step (linear regression's checkpoints). */
  w?: number[];
  b?: number;
  /** Any other model: every parameter after the last completed step, flat in the model's order, and the model. */
  params?: number[];
  model?: ModelSpec;
  optimizer: OptimizerState;
  lr: number;
  engine: EngineName;
  /** Where to continue: the next batch (`index` 0-based inside `epoch`) and the steps taken so far. */
  position: { epoch: number; index: number; globalStep: number };
  /** How the minibatch stream was made, so it can be made again (plus the synthetic data's recipe when known). */
  data: {
    seed?: number;
    batchSize: number;
    epochs: number;
    shuffle: boolean;
    dropLast: boolean;
    n?: number;
    /** The data's shape and a hash of its first and last rows (`dataFingerprint`): a resume on other data is refused. */
    fingerprint?: DataFingerprint;
    trueW?: number[];
    trueB?: number;
    noise?: number;
  };
  /** Running sum and count of the current epoch's batch losses (streams without a dataset). */
  epochAcc: { sum: number; count: number };
  /** Training time before this checkpoint, carried into `elapsedMs` of the resumed run. */
  elapsedMs: number;
  /** Wall-clock time of writing, ms since the Unix epoch. */
  savedAt: number;
}

/**
 * Checks the shape of a parsed checkpoint (`where` names its origin in messages).
 *
 * @example
 * import { validateCheckpoint } from '@gradstream/trainer';
 * try { validateCheckpoint({ v: 2 }, 'cp.json'); } catch (e) { console.log((e as Error).message); }
 * // invalid checkpoint in cp.json. v must be 1. Value: `2`.
 */
export function validateCheckpoint(json: unknown, where = 'checkpoint'): Checkpoint {
  const fail = (field: string, rule: string, value: unknown): never => {
    throw new TypeError(`invalid checkpoint in ${where}. ${field} ${rule}. Value: \`${show(value)}\`.`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('checkpoint', 'must be a JSON object', json);
  const c = json as Record<string, unknown>;
  if (c.v !== 1) fail('v', 'must be 1', c.v);
  const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  const int = (x: unknown, min: number) => typeof x === 'number' && Number.isInteger(x) && x >= min;
  if (c.params !== undefined) {
    if (!Array.isArray(c.params) || c.params.length === 0 || !c.params.every(finite)) fail('params', 'must be a nonempty array of finite numbers', c.params);
    const m = c.model as Record<string, unknown> | undefined;
    if (typeof m !== 'object' || m === null || !Array.isArray(m.sizes)) fail('model', 'must be the model spec { sizes, activation, loss, l2 } when params is present', m);
  } else {
    if (!Array.isArray(c.w) || c.w.length === 0 || !c.w.every(finite)) fail('w', 'must be a nonempty array of finite numbers', c.w);
    if (!finite(c.b)) fail('b', 'must be a finite number', c.b);
  }
  if (!finite(c.lr) || (c.lr as number) <= 0) fail('lr', 'must be a positive finite number', c.lr);
  if (c.engine !== 'fused' && c.engine !== 'autograd') fail('engine', 'must be fused or autograd', c.engine);
  const o = c.optimizer as Record<string, unknown> | undefined;
  if (typeof o !== 'object' || o === null) fail('optimizer', 'must be an object', o);
  try {
    resolveOptimizer(o!.config as never);
  } catch (e) {
    fail('optimizer.config', 'must be a valid optimizer setting', o!.config);
  }
  if (!int(o!.t, 0)) fail('optimizer.t', 'must be a nonnegative integer', o!.t);
  const dim = c.params !== undefined ? (c.params as number[]).length : (c.w as number[]).length + 1;
  for (const k of ['m', 'v'] as const) {
    if (o![k] !== undefined && (!Array.isArray(o![k]) || (o![k] as unknown[]).length !== dim || !(o![k] as unknown[]).every(finite))) {
      fail(`optimizer.${k}`, `must be an array of ${dim} finite numbers`, o![k]);
    }
  }
  const p = c.position as Record<string, unknown> | undefined;
  if (typeof p !== 'object' || p === null) fail('position', 'must be an object', p);
  if (!int(p!.epoch, 1)) fail('position.epoch', 'must be a positive integer', p!.epoch);
  if (!int(p!.index, 0)) fail('position.index', 'must be a nonnegative integer', p!.index);
  if (!int(p!.globalStep, 0)) fail('position.globalStep', 'must be a nonnegative integer', p!.globalStep);
  const d = c.data as Record<string, unknown> | undefined;
  if (typeof d !== 'object' || d === null) fail('data', 'must be an object', d);
  if (!int(d!.batchSize, 1)) fail('data.batchSize', 'must be a positive integer', d!.batchSize);
  if (!int(d!.epochs, 1)) fail('data.epochs', 'must be a positive integer', d!.epochs);
  if (typeof d!.shuffle !== 'boolean') fail('data.shuffle', 'must be a boolean', d!.shuffle);
  if (typeof d!.dropLast !== 'boolean') fail('data.dropLast', 'must be a boolean', d!.dropLast);
  const f = d!.fingerprint as Record<string, unknown> | undefined;
  if (f !== undefined && (typeof f !== 'object' || f === null || !int(f.n, 1) || !int(f.d, 1) || typeof f.rows !== 'string')) {
    fail('data.fingerprint', 'must be { n: integer, d: integer, rows: string }', f);
  }
  const a = c.epochAcc as Record<string, unknown> | undefined;
  if (typeof a !== 'object' || a === null || !finite(a.sum) || !int(a.count, 0)) fail('epochAcc', 'must be { sum: number, count: integer }', a);
  if (!finite(c.elapsedMs)) fail('elapsedMs', 'must be a finite number', c.elapsedMs);
  return c as unknown as Checkpoint;
}

/**
 * A checkpoint's parameters as the run's flat vector: `params`, or the lesson's w then b.
 *
 * @example
 * import { checkpointParameters } from '@gradstream/trainer';
 * console.log(checkpointParameters({ w: [2, -3.4], b: 4.2 })); // Float64Array(3) [ 2, -3.4, 4.2 ]
 */
export function checkpointParameters(cp: Pick<Checkpoint, 'w' | 'b' | 'params'>): Float64Array {
  return cp.params ? Float64Array.from(cp.params) : Float64Array.from([...cp.w!, cp.b!]);
}

/** Features of a checkpoint's model: its first layer's width, or (the lesson's checkpoints) the length of w. */
export function checkpointFeatures(cp: Pick<Checkpoint, 'w' | 'model'>): number | undefined {
  return cp.model?.sizes[0] ?? cp.w?.length;
}
