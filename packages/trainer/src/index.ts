export { train } from './train.js';
export { OPTIMUM_AUTO_LIMIT, resolveTrainConfig } from './config.js';
export type { TrainConfig, ResolvedConfig } from './config.js';
export { createOptimizer, resolveOptimizer } from './optimizers.js';
export type { Optimizer, OptimizerState, ResolvedOptimizerConfig } from './optimizers.js';
export { createEvaluator, createFusedEngine } from './fused.js';
export type { Engine } from './fused.js';
export { createAutogradEngine } from './autograd-engine.js';
export { leastSquares } from './optimum.js';
export type { Optimum } from './optimum.js';
export { DEFAULT_SEED, initialParameters } from './init.js';
export { readCheckpoint, validateCheckpoint, writeCheckpoint, writeCheckpointSync } from './checkpoint.js';
export type { Checkpoint } from './checkpoint.js';
export {
  compareToReference,
  formatComparison,
  readReference,
  referenceBatches,
  referenceDataset,
  referenceRun,
  validateReference,
} from './reference.js';
export type { Deviation, ReferenceComparison, ReferenceFixture, ReferenceStep } from './reference.js';
export type { BatchLike, DatasetLike } from './types.js';
export { trainLinearRegression } from './train-linear-regression.js';
export type { TrainLinearRegressionOptions } from './train-linear-regression.js';
export { linreg, squaredLoss, sgd } from './lesson.js';
export { explainStep } from './explanation.js';
