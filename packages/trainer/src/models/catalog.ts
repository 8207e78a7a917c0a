/**
 * The models by name, as the CLI and the fixtures name them: `linear`, `logistic`, `softmax` and `mlp`, and a
 * model from a fixture's or a run event's spec. Linear regression with the squared loss and no L2 is the
 * lesson's model, with its fused BLAS engine; every other model trains through the autograd engine.
 */
import type { ModelSpec } from '@gradstream/events';
import { invalidArgument } from '@gradstream/data';
import type { InitName } from '../init.js';
import { linearRegression, type Model } from '../model.js';
import type { LossName } from './loss-heads.js';
import { mlp, type ActivationName } from './mlp.js';

export const MODEL_KINDS: readonly ModelSpec['kind'][] = ['linear', 'logistic', 'softmax', 'mlp'];

export interface ModelChoice {
  kind: ModelSpec['kind'];
  /** Features per row. */
  d: number;
  /** Classes, for softmax (and an MLP with the cross-entropy loss). */
  classes?: number;
  /** Hidden layer widths of an MLP (default [16, 16]). */
  hidden?: number[];
  activation?: ActivationName;
  loss?: LossName;
  l2?: number;
  init?: InitName;
}

/**
 * A model from a choice of kind, features and options.
 *
 * @example
 * import { buildModel } from '@gradstream/trainer';
 * console.log(buildModel({ kind: 'softmax', d: 2, classes: 3 }).spec!.name); // softmax regression 2-3 (cross-entropy)
 * console.log(buildModel({ kind: 'mlp', d: 2, hidden: [16, 16], loss: 'hinge', l2: 1e-4 }).spec!.size); // 337
 */
export function buildModel(choice: ModelChoice): Model {
  const { kind, d, l2 = 0, init } = choice;
  switch (kind) {
    case 'linear':
      if ((choice.loss ?? 'squared') === 'squared' && l2 === 0 && init === undefined) return linearRegression(d);
      return mlp({ sizes: [d, 1], loss: choice.loss ?? 'squared', l2, init, kind });
    case 'logistic':
      return mlp({ sizes: [d, 1], loss: choice.loss ?? 'logistic', l2, init, kind });
    case 'softmax':
      return mlp({ sizes: [d, classesOf(choice)], loss: 'cross-entropy', l2, init, kind });
    case 'mlp': {
      const loss = choice.loss ?? (choice.classes !== undefined && choice.classes > 2 ? 'cross-entropy' : 'hinge');
      const out = loss === 'cross-entropy' ? classesOf(choice) : 1;
      return mlp({ sizes: [d, ...(choice.hidden ?? [16, 16]), out], activation: choice.activation ?? 'relu', loss, l2, init, kind });
    }
    default:
      throw invalidArgument('model', `must be one of ${MODEL_KINDS.join(', ')}`, kind);
  }
}

/**
 * The model a spec describes (a fixture's `model`, a run event's `model`): linear regression when it is the
 * lesson's case (sizes [d, 1], squared loss, no L2), else an MLP of those sizes.
 *
 * @example
 * import { modelFromSpec } from '@gradstream/trainer';
 * console.log(modelFromSpec({ sizes: [2, 1], activation: null, loss: 'squared', l2: 0 }).name); // linear regression
 */
export function modelFromSpec(spec: Pick<ModelSpec, 'sizes' | 'activation' | 'loss' | 'l2'> & { kind?: ModelSpec['kind'] }): Model {
  const { sizes, loss, l2 } = spec;
  if (Array.isArray(sizes) && sizes.length === 2 && sizes[1] === 1 && loss === 'squared' && l2 === 0) return linearRegression(sizes[0]);
  return mlp({ sizes, activation: spec.activation, loss, l2, kind: spec.kind });
}

function classesOf(choice: ModelChoice): number {
  const k = choice.classes;
  if (k === undefined || !Number.isInteger(k) || k < 2) throw invalidArgument('classes', `must be an integer ≥ 2 for the ${choice.kind} model (the data's number of classes)`, k);
  return k;
}
