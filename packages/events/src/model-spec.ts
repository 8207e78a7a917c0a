/**
 * What a run trains, in the event schema (added within v1): the model, its parameters by name, a learning-rate schedule.
 */

/** A linear learning-rate decay, as micrograd's demo uses (`1.0 − 0.9·k/100`). */
export interface LrSchedule {
  name: 'linear';
  /** lr after `steps` steps (and from then on). */
  lrEnd: number;
  steps: number;
}

/**
 * What a run trains (added within v1). Absent in recordings made before models were values: those are
 * linear regression, whose parameters are the `w` and `b` fields.
 */
export interface ModelSpec {
  /** `linear`, `logistic`, `softmax` or `mlp`. */
  kind: 'linear' | 'logistic' | 'softmax' | 'mlp';
  /** A readable name, e.g. `MLP 2-16-16-1 (relu)`. */
  name: string;
  /** Named parameter tensors, in the order of the run's flat parameter vector. W has shape [in, out]. */
  parameters: { name: string; shape: number[] }[];
  /** Layer widths [d, h1, …, out]. */
  sizes: number[];
  activation: 'relu' | 'tanh' | 'sigmoid' | null;
  loss: 'squared' | 'cross-entropy' | 'hinge' | 'logistic';
  /** L2 coefficient: the loss adds l2·Σp² over every parameter. */
  l2: number;
  /** Classes of a classifier (2 for hinge and logistic). Absent for regression. */
  classes?: number;
  /** How many parameters there are; events carry `params` when at most 10,000, otherwise `norms`. */
  size: number;
}

/**
 * Parameters by name (added within v1): each tensor's values, row-major, when the model has at most
 * 10,000 parameters; otherwise `norms` holds each tensor's Euclidean norm instead.
 */
export type ParamValues = Record<string, number[]>;
export type ParamNorms = Record<string, number>;

/** Most parameters for which events carry every value; larger models send per-tensor norms. */
export const PARAMS_IN_EVENTS_LIMIT = 10_000;
