export { SCHEMA_VERSION } from './schema.js';
export type {
  DoneEvent,
  EngineName,
  EpochEvent,
  ErrorEvent,
  ExplainEvent,
  GraphJson,
  GraphNodeJson,
  OptimizerConfig,
  OptimizerName,
  ParamUpdate,
  RunConfig,
  RunEvent,
  StepEvent,
  StepExplanation,
  TrainEvent,
  TrainEventType,
  UpdateExplanation,
} from './schema.js';
export { parseTrainEvent, toNdjsonLine, toTrainEvent } from './parse.js';
export { explanationView, subscript } from './explanation-view.js';
export type { ExplanationView, ViewColumn, ViewTable } from './explanation-view.js';
export { renderExplanationText } from './explanation-text.js';
