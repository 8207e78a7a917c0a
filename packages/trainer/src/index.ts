export { train } from './train.js';
export { trainOn } from './train-on.js';
export type { TrainOnOptions } from './train-on.js';
export { resolveTrainConfig } from './config.js';
export type { ExplainOptions, TrainConfig, ResolvedConfig } from './config.js';
export { linearRegression, parameterLeaves } from './model.js';
export type { Model, ModelParameter } from './model.js';
export { mlp } from './models/mlp.js';
export type { ActivationName, MlpOptions } from './models/mlp.js';
export { buildModel, modelFromSpec } from './models/catalog.js';
export type { ModelChoice } from './models/catalog.js';
export { lossHead } from './models/loss-heads.js';
export type { LossHead, LossName } from './models/loss-heads.js';
export { createModelEvaluator } from './model-evaluator.js';
export type { EpochNumbers } from './model-evaluator.js';
export { learningRate } from './lr-schedule.js';
export { ParameterView } from './parameter-view.js';
export { createOptimizer, resolveOptimizer } from './optimizers.js';
export type { Optimizer, OptimizerState, ResolvedOptimizerConfig } from './optimizers.js';
export { createEvaluator, createFusedEngine } from './fused.js';
export type { Engine } from './fused.js';
export { createAutogradEngine } from './autograd-engine.js';
export { leastSquares } from './optimum.js';
export type { Optimum } from './optimum.js';
export { initialLayers, initialParameters } from './init.js';
export type { InitName } from './init.js';
export { checkpointParameters, validateCheckpoint } from './checkpoint.js';
export type { Checkpoint } from './checkpoint.js';
export {
  compareToReference,
  formatComparison,
  referenceBatches,
  toModelFixture,
  validateModelFixture,
  referenceDataset,
  referenceRun,
  validateReference,
} from './reference.js';
export type { Deviation, ModelFixture, ModelFixtureStep, ReferenceComparison, ReferenceFixture, ReferenceStep } from './reference.js';
export type { BatchLike, DatasetLike } from './types.js';
export { LESSON, trainLinearRegression } from './train-linear-regression.js';
export type { TrainLinearRegressionOptions } from './train-linear-regression.js';
export { linreg, squaredLoss, sgd } from './lesson.js';
export { explainStep } from './explain-step.js';
export { explainUpdate } from './update-explanation.js';
export { suggestLearningRate } from './divergence.js';
