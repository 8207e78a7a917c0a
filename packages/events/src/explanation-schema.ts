/**
 * A step explained number by number, in the event schema: the batch, the loss, the gradient, the optimizer's rule.
 */

/**
 * The hand computation of one step of the linear model, as a learner would check it: computed by a real
 * autograd pass over the step's batch and the parameters before the step, then the optimizer's own rule.
 */
export interface StepExplanation {
  /** The batch: X is size×d, y has size entries. */
  X: number[][];
  y: number[];
  yHat: number[];
  /** ŷ − y, which is also ∂l/∂ŷ for l = Σ(ŷ − y)²/2. */
  residual: number[];
  /** (ŷ − y)²/2 per sample. */
  perSample: number[];
  /** Σ perSample: the value `.backward()` starts from. */
  lossSum: number;
  /** Gradients of the summed loss: ∂l/∂w = Xᵀ(ŷ − y), ∂l/∂b = Σ(ŷ − y). */
  grad: { w: number[]; b: number };
  lr: number;
  size: number;
  before: { w: number[]; b: number };
  after: { w: number[]; b: number };
  /** The optimizer's update rule with its numbers, one row per parameter (absent in old recordings: SGD). */
  update?: UpdateExplanation;
  /**
   * Largest difference between this explanation's loss sum and gradient and the numbers the run trained
   * with (the fused engine's), relative to their size: ~1e-16, and never above 1e-12.
   */
  check?: number;
  /** Rows of the batch shown (X, y, ŷ …) when the batch is larger; the sums are over all `size` rows. */
  rowsShown?: number;
  /** The computation graph with value and gradient on every node. */
  graph?: GraphJson;
}

/** How the optimizer turned the gradient into the change of each parameter, as `torch.optim` computes it. */
export interface UpdateExplanation {
  /** The optimizer and its hyperparameters (defaults filled in). */
  optimizer:
    | { name: 'sgd' }
    | { name: 'momentum'; momentum: number }
    | { name: 'adam'; beta1: number; beta2: number; eps: number };
  /** Updates taken, this one included (Adam's bias corrections use it). */
  t: number;
  /** One row per parameter: w₁ … w_d, then b. */
  params: ParamUpdate[];
}

/** One parameter's update. `change` is what the run applied: `after − before`, bit for bit. */
export interface ParamUpdate {
  name: string;
  /** g: the gradient of the batch's mean loss, ∂l/∂p / size. */
  grad: number;
  before: number;
  after: number;
  change: number;
  /** Momentum: the velocity buffer before and after (buf ← μ·buf + g; the first step takes buf ← g). */
  velocity?: { before: number; after: number };
  /** Adam: the moments before and after, their bias-corrected values and the step taken. */
  m?: { before: number; after: number };
  v?: { before: number; after: number };
  mHat?: number;
  vHat?: number;
}

/** A computation graph as exported by `@gradstream/autograd` (`toGraphJson`). */
export interface GraphJson {
  nodes: GraphNodeJson[];
  /** `from` feeds into `to` (from an input towards the loss). */
  edges: { from: string; to: string }[];
}

export interface GraphNodeJson {
  id: string;
  /** `leaf` for inputs and parameters, otherwise the op name (`matmul`, `add`, …). */
  op: string;
  name?: string;
  shape: number[];
  value: number[];
  grad: number[] | null;
}
