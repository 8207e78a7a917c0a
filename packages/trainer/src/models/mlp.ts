/**
 * The models after the lesson as one builder: a stack of linear layers `h ← act(h·W_i + b_i)` with the output
 * layer linear, ending in a loss, plus `l2 · Σ p²` over every parameter — d2l's softmax regression (3.6) and
 * MLP (4.2), logistic regression, and micrograd's demo (2-16-16-1, ReLU, hinge + 1e-4 L2).
 *
 * W_i has shape [in, out] and the forward pass is X·W + b, as d2l writes it. The model's `loss` is the batch's
 * **summed** loss, Σ rows + size·l2·Σp², so that the optimizer's division by the batch size gives exactly the
 * loss of the fixtures and of torch: the mean over the rows plus l2·Σp².
 */
import { l2 as l2Penalty, type Tensor } from '@gradstream/autograd';
import type { ModelSpec } from '@gradstream/events';
import { checkFinite, checkPositiveInteger, invalidArgument } from '@gradstream/data';
import { initialLayers, INIT_NAMES, type InitName } from '../init.js';
import type { Model, ModelParameter } from '../model.js';
import { lossHead, type LossName } from './loss-heads.js';
import { createMlpEngine } from './mlp-fused.js';

export type ActivationName = 'relu' | 'tanh' | 'sigmoid';
const ACTIVATIONS: readonly ActivationName[] = ['relu', 'tanh', 'sigmoid'];

export interface MlpOptions {
  /** Layer widths [d, h1, …, out]: d features in, `out` outputs (1, or one per class for cross-entropy). */
  sizes: number[];
  /** Hidden activation; the output layer is linear. Default `relu` when there are hidden layers. */
  activation?: ActivationName | null;
  /** Default `squared` for one output, `cross-entropy` for several. */
  loss?: LossName;
  /** L2 coefficient: the loss adds l2·Σp² (default 0). */
  l2?: number;
  /** Default `uniform` (PyTorch's nn.Linear) with hidden layers, `normal` (d2l) without. */
  init?: InitName;
  /** What to call it in events (default from the sizes: `mlp`, `softmax`, `logistic` or `linear`). */
  kind?: ModelSpec['kind'];
}

/**
 * A multilayer perceptron (or, without hidden layers, a linear model) as a `Model`.
 *
 * @example
 * import { tensor } from '@gradstream/autograd';
 * import { mlp, parameterLeaves } from '@gradstream/trainer';
 * const model = mlp({ sizes: [2, 4, 1], activation: 'tanh', loss: 'hinge', l2: 1e-4 });
 * const params = parameterLeaves(model, model.init!(42));
 * const { loss } = model.loss(tensor([[1, 2], [0, -1]]), tensor([1, -1]), params);
 * console.log(model.spec!.name, model.parameters.map((p) => p.name), loss.item() > 0); // MLP 2-4-1 (tanh, hinge) [ 'W1', 'b1', 'W2', 'b2' ] true
 */
export function mlp(options: MlpOptions): Model {
  const spec = mlpSpec(options);
  const head = lossHead(spec.loss);
  const layers = spec.sizes.slice(1).map((out, i) => [spec.sizes[i], out] as [number, number]);
  const init: InitName = options.init ?? (layers.length > 1 ? 'uniform' : 'normal');
  const outputs = spec.sizes[spec.sizes.length - 1];
  const activation = spec.activation;
  const { l2 } = spec;
  return {
    name: spec.name,
    d: spec.sizes[0],
    parameters: spec.parameters,
    spec,
    head,
    outputs,
    init: (seed) => initialLayers(layers, init, seed),
    loss(X, y, params) {
      let h: Tensor = X;
      for (let i = 0; i < layers.length; i++) {
        h = h.matmul(params[2 * i]).add(params[2 * i + 1]);
        if (i < layers.length - 1 && activation !== null) h = h[activation]();
        h.name = i < layers.length - 1 ? `h${i + 1}` : 'ŷ';
      }
      let loss = head.sum(h, y);
      // Σ rows + size·l2·Σp²: divided by the batch size it is torch's mean + l2·Σp².
      if (l2 > 0) loss = loss.add(l2Penalty(params).mul(l2 * X.shape[0]));
      loss.name = 'loss';
      return { loss, prediction: h };
    },
    fused: (maxBatch) => createMlpEngine(spec, maxBatch),
  };
}

/** The validated spec of an MLP (what `run.model` carries). */
export function mlpSpec(options: MlpOptions): ModelSpec {
  if (typeof options !== 'object' || options === null) throw invalidArgument('model', 'must be an object { sizes, activation, loss, l2 }', options, TypeError);
  const { sizes } = options;
  if (!Array.isArray(sizes) || sizes.length < 2) throw invalidArgument('model.sizes', 'must list at least 2 layer widths [d, …, out]', sizes, TypeError);
  sizes.forEach((s, i) => checkPositiveInteger(`model.sizes[${i}]`, s));
  const outputs = sizes[sizes.length - 1];
  const hidden = sizes.length > 2;
  const activation = options.activation === undefined ? (hidden ? 'relu' : null) : options.activation;
  if (activation !== null && !ACTIVATIONS.includes(activation)) throw invalidArgument('model.activation', `must be one of ${ACTIVATIONS.join(', ')}`, activation);
  const loss = options.loss ?? (outputs > 1 ? 'cross-entropy' : 'squared');
  lossHead(loss);
  if (loss !== 'cross-entropy' && outputs !== 1) throw invalidArgument('model.sizes', `must end in 1 output for the ${loss} loss (cross-entropy takes one output per class)`, sizes);
  if (loss === 'cross-entropy' && outputs < 2) throw invalidArgument('model.sizes', 'must end in one output per class (at least 2) for the cross-entropy loss', sizes);
  const l2 = options.l2 ?? 0;
  checkFinite('model.l2', l2);
  if (l2 < 0) throw invalidArgument('model.l2', 'must be a nonnegative finite number', l2);
  if (options.init !== undefined && !INIT_NAMES.includes(options.init)) throw invalidArgument('model.init', `must be one of ${INIT_NAMES.join(', ')}`, options.init);
  const parameters: ModelParameter[] = sizes.slice(1).flatMap((out, i) => [
    { name: `W${i + 1}`, shape: [sizes[i], out] },
    { name: `b${i + 1}`, shape: [out] },
  ]);
  const kind = options.kind ?? (hidden ? 'mlp' : loss === 'cross-entropy' ? 'softmax' : loss === 'squared' ? 'linear' : 'logistic');
  const size = parameters.reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
  const what = `${sizes.join('-')}${activation && hidden ? ` (${activation}, ${loss})` : ` (${loss})`}`;
  const name = kind === 'mlp' ? `MLP ${what}` : `${kind} regression ${what}`;
  const spec: ModelSpec = { kind, name, parameters, sizes: [...sizes], activation: hidden ? activation : null, loss, l2, size };
  if (loss !== 'squared') spec.classes = loss === 'cross-entropy' ? outputs : 2;
  return spec;
}
