export { PARAMS_IN_EVENTS_LIMIT, SCHEMA_VERSION } from './schema.js';
export { parameterRow, parameterSeries, parameterSeriesNames, parameterValues } from './param-values.js';
export { predictLabels } from './model-forward.js';
export type {
  DoneEvent,
  EngineName,
  EpochEvent,
  ErrorEvent,
  ExplainEvent,
  GraphJson,
  GraphNodeJson,
  LrSchedule,
  ModelSpec,
  OptimizerConfig,
  OptimizerName,
  ParamNorms,
  ParamValues,
  ParamUpdate,
  RunConfig,
  RunEvent,
  StepEvent,
  StepExplanation,
  TaggedEvent,
  TrainEvent,
  TrainEventType,
  UpdateExplanation,
} from './schema.js';
export { isInterruption } from './interruption.js';
export { parseTrainEvent, toNdjsonLine, toTrainEvent } from './parse.js';
export { explanationView, subscript } from './explanation-view.js';
export type { ExplanationView, ViewColumn, ViewTable } from './explanation-view.js';
export { renderExplanationText } from './explanation-text.js';
