export { SCHEMA_VERSION } from './schema.js';
export type {
  DoneEvent,
  EngineName,
  EpochEvent,
  ErrorEvent,
  GraphJson,
  GraphNodeJson,
  OptimizerConfig,
  OptimizerName,
  RunConfig,
  RunEvent,
  StepEvent,
  StepExplanation,
  TrainEvent,
  TrainEventType,
} from './schema.js';
export { EVENT_TYPES, parseTrainEvent, toNdjsonLine, toTrainEvent } from './parse.js';
