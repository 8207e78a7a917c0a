export type { Batch, Dataset, Row } from './types.js';
export { drawSyntheticLinear, syntheticLinear } from './synthetic-linear.js';
export { DEFAULT_SEED, LESSON } from './lesson.js';
export type { SyntheticLinearOptions } from './synthetic-linear.js';
export { epochOrder } from './epoch-order.js';
export { minibatches } from './minibatches.js';
export { batchesPerEpoch, resumePoint } from './batch-plan.js';
export type { BatchPlan } from './batch-plan.js';
export { StepGate } from './step-gate.js';
export type { GateState } from './step-gate.js';
export type { Pace } from './minibatch-options.js';
export type { MinibatchOptions } from './minibatches.js';
export type { DataFormat } from './line-parsers.js';
export { DataFormatError } from './format-error.js';
export { shuffleBuffer } from './shuffle-buffer.js';
export { toBatches } from './to-batches.js';
export type { ToBatchesOptions } from './to-batches.js';
export {
  checkFinite,
  checkFiniteArray,
  checkInRange,
  checkKnownKeys,
  checkNonNegativeInteger,
  checkPositive,
  checkPositiveInteger,
  invalidArgument,
  show,
} from './validate.js';
export { blobs } from './blobs.js';
export type { BlobsDataset, BlobsOptions } from './blobs.js';
export { moons } from './moons.js';
export type { MoonsOptions } from './moons.js';
export { classCount, classLabels } from './class-labels.js';
export type { ClassDataset } from './class-labels.js';
