export type { Batch, Dataset, Row } from './types.js';
export { DEFAULT_SEED, syntheticLinear } from './synthetic-linear.js';
export type { SyntheticLinearOptions } from './synthetic-linear.js';
export { epochOrder } from './epoch-order.js';
export { minibatches } from './minibatches.js';
export type { MinibatchOptions } from './minibatches.js';
