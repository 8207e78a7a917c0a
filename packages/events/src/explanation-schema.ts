/**
 * A step explained number by number, in the event schema: the batch, the loss, the gradient, the optimizer's rule.
 */

/**
 * The hand computation of one step, as a learner would check it: computed by a real autograd pass over the
 * step's batch and the parameters before the step, then the optimizer's own rule. For the lesson's linear
 * regression it also carries `residual`, `grad`, `before` and `after` in the lesson's terms (w and b); for any
 * model, `update` has one row per parameter and `model` says which loss the per-sample column is.
 */
export interface StepExplanation {
  /** The batch: X is size×d, y has size entries. */
  X: number[][];
  y: number[];
  /** The model's output per row: ŷ (one output), or the predicted class (several outputs, see `scores`). */
  yHat: number[];
  /** Every output per row, when the model has several (one score per class). */
  scores?: number[][];
  /** The label each row is classified as, for classifiers. */
  predicted?: number[];
  /** ŷ − y, which is also ∂l/∂ŷ for l = Σ(ŷ − y)²/2 (the squared loss only). */
  residual?: number[];
  /** The per-row loss: (ŷ − y)²/2, −log softmax(ŷ)[y], max(0, 1 − y·ŷ) … */
  perSample: number[];
  /** Σ perSample (+ `penalty`): the value `.backward()` starts from. */
  lossSum: number;
  /** The L2 term's share of lossSum, size·l2·Σp², when the model has one. */
  penalty?: number;
  /** The model and its loss (absent: the lesson's linear regression with the squared loss). */
  model?: { name: string; loss: 'squared' | 'cross-entropy' | 'hinge' | 'logistic'; l2: number };
  /** The lesson's gradients of the summed loss: ∂l/∂w = Xᵀ(ŷ − y), ∂l/∂b = Σ(ŷ − y) (linear regression only). */
  grad?: { w: number[]; b: number };
  lr: number;
  size: number;
  /** The lesson's parameters before and after (linear regression only; any model: `update`). */
  before?: { w: number[]; b: number };
  after?: { w: number[]; b: number };
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
