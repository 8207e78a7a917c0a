/**
 * `gradstream train`'s model and built-in datasets beyond the lesson: `--model linear|logistic|softmax|mlp`,
 * `--hidden`, `--activation`, `--loss`, `--l2`, and `--data lesson|blobs|moons|FILE`. Each model has defaults a
 * run converges with on its usual data (measured: an MLP 2-16-16-1 on 200 moons reaches 100% training accuracy
 * in 30 epochs at lr 0.1); the lesson's stay the lesson's, so `npm start` prints what it always printed.
 *
 * @example
 * import { modelDefaults } from './model-options.js';
 * console.log(modelDefaults('mlp')); // { lr: 0.1, epochs: 30, batchSize: 10 }
 */
import type { Dataset } from '@gradstream/data';
import { value } from './args.js';
import { UsageError } from './errors.js';
import { LESSON } from './lesson.js';
import { nonNegativeNumber, oneOf, positiveInteger } from './values.js';

export type ModelKind = 'linear' | 'logistic' | 'softmax' | 'mlp';
export type BuiltInData = 'lesson' | 'blobs' | 'moons';
const BUILT_IN: readonly BuiltInData[] = ['lesson', 'blobs', 'moons'];

/** `16,16` → `[16, 16]`. */
function widths(raw: string, flag: string): number[] {
  return raw.split(',').map((part) => positiveInteger(part, flag));
}

export const MODEL_OPTIONS = {
  model: value(oneOf(['linear', 'logistic', 'softmax', 'mlp'] as const), 'linear|logistic|softmax|mlp', 'the model (default linear; softmax on --data blobs, mlp on --data moons)'),
  hidden: value(widths, 'N,N,…', 'hidden layer widths of --model mlp (default 16,16)'),
  activation: value(oneOf(['relu', 'tanh', 'sigmoid'] as const), 'relu|tanh|sigmoid', 'hidden activation of --model mlp (default relu)'),
  loss: value(oneOf(['squared', 'cross-entropy', 'hinge', 'logistic'] as const), 'squared|cross-entropy|hinge|logistic', 'the loss (default: the model\'s: squared, logistic, cross-entropy; hinge for an MLP on 2 classes)'),
  l2: value(nonNegativeNumber, 'λ', 'add λ·Σp² over every parameter to the loss (default 0; 1e-4 for an MLP)'),
  classes: value(positiveInteger, 'K', 'classes of --data blobs (default 3)'),
};

/** Defaults of lr, epochs and batch size per model. */
export function modelDefaults(kind: ModelKind): { lr: number; epochs: number; batchSize: number } {
  if (kind === 'linear') return { lr: LESSON.lr, epochs: LESSON.epochs, batchSize: LESSON.batchSize };
  if (kind === 'mlp') return { lr: 0.1, epochs: 30, batchSize: 10 };
  return { lr: 0.1, epochs: 10, batchSize: 10 };
}

/** The built-in dataset `--data` names, or undefined for a file. */
export function builtInData(data: string | undefined): BuiltInData | undefined {
  return data === undefined ? 'lesson' : (BUILT_IN as readonly string[]).includes(data) ? (data as BuiltInData) : undefined;
}

interface ModelValues {
  model?: ModelKind;
  hidden?: number[];
  activation?: 'relu' | 'tanh' | 'sigmoid';
  loss?: 'squared' | 'cross-entropy' | 'hinge' | 'logistic';
  l2?: number;
  classes?: number;
  data?: string;
}

/** The model kind of a run: `--model`, else what the data suggests. */
export function modelKind(o: ModelValues): ModelKind {
  if (o.model) return o.model;
  const data = builtInData(o.data);
  return data === 'blobs' ? 'softmax' : data === 'moons' ? 'mlp' : 'linear';
}

/** Refuses model options that do not fit together, naming them. */
export function checkModelOptions(o: ModelValues): void {
  const kind = modelKind(o);
  for (const key of ['hidden', 'activation'] as const) {
    if (o[key] !== undefined && kind !== 'mlp') throw new UsageError(`invalid option. --${key} needs --model mlp (it shapes the hidden layers). Value: \`--${key}\`.`);
  }
  if (o.classes !== undefined && builtInData(o.data) !== 'blobs') throw new UsageError('invalid option. --classes needs --data blobs (a file\'s classes are read from its label column). Value: `--classes`.');
}

/** The labels a classifier's loss reads from moons: ±1 for the hinge loss, 0/1 otherwise. */
export function moonsLabels(loss: string | undefined): '01' | 'pm1' {
  return loss === 'hinge' ? 'pm1' : '01';
}

/**
 * The model's choice for the trainer's `buildModel`, with the data's features and classes.
 *
 * @example
 * import { modelChoice } from './model-options.js';
 * console.log(modelChoice({ data: 'moons' }, { d: 2, classes: 2 })); // { kind: 'mlp', d: 2, classes: 2, loss: 'hinge', l2: 0.0001 }
 */
export function modelChoice(o: ModelValues, ds: Pick<Dataset, 'd'> & { classes?: number }) {
  const kind = modelKind(o);
  const choice: { kind: ModelKind; d: number; classes?: number; hidden?: number[]; activation?: 'relu' | 'tanh' | 'sigmoid'; loss?: ModelValues['loss']; l2?: number } = { kind, d: ds.d };
  if (ds.classes !== undefined) choice.classes = ds.classes;
  if (o.hidden) choice.hidden = o.hidden;
  if (o.activation) choice.activation = o.activation;
  // An MLP regresses on data without classes, and classifies (hinge for 2 classes, cross-entropy for more) on data with them.
  const mlpLoss = ds.classes === undefined ? 'squared' : ds.classes <= 2 ? 'hinge' : 'cross-entropy';
  const loss = o.loss ?? (kind === 'mlp' ? mlpLoss : undefined);
  if (loss) choice.loss = loss;
  const l2 = o.l2 ?? (kind === 'mlp' ? 1e-4 : undefined);
  if (l2 !== undefined) choice.l2 = l2;
  return choice;
}
