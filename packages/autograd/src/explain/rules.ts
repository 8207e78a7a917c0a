/**
 * Each op's backward rule as a sentence a learner can check by hand, in the labels of the graph.
 * g is the upstream gradient: ∂loss/∂(the op's output). These mirror the code in `ops/`.
 */
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { num } from './format.js';
import { wrap } from './labels.js';

/**
 * The rule that sends g from `node` (labelled `out`) to its input `input` (labelled `inp`).
 * Mentions the sum when the input was broadcast (a bias: ∂l/∂b = Σ g).
 * @internal
 */
export function ruleText(node: Tensor, input: Tensor, out: string, inp: string, labels: Map<Tensor, string>): string {
  const [a, b] = node._parents;
  const other = (t: Tensor): string => wrap(labels.get(t) ?? '?');
  const d = `∂${wrapD(out)}/∂${wrapD(inp)}`;
  const x = wrap(inp);
  const broadcast = input.data.length < node.data.length && node.op !== 'sum' && node.op !== 'mean';
  const sum = (expr: string): string => (broadcast ? `Σ ${expr} (summed over the ${node.data.length / input.data.length} positions it was broadcast to)` : expr);
  const isA = input === a;
  switch (node.op) {
    case 'matmul':
      return isA ? `${d} = g·${other(b)}ᵀ` : `${d} = ${other(a)}ᵀ·g`;
    case 'add':
      return `${d} = ${sum('g')}`;
    case 'sub':
      return isA ? `${d} = ${sum('g')}` : `${d} = −${sum('g')}`;
    case 'mul':
      if (a === b) return `${d} = 2·${x} * g`;
      return `${d} = ${sum(`g * ${other(isA ? b : a)}`)}`;
    case 'div':
      if (a === b) return `${d} = 0`;
      return isA ? `${d} = ${sum(`g / ${other(b)}`)}` : `${d} = ${sum(`−g * ${other(a)}/${other(b)}²`)}`;
    case 'pow': {
      const k = node._meta?.k ?? 1;
      if (k === 2) return `${d} = 2·${x} * g`;
      return `${d} = ${num(k)}·${x}^${num(k - 1)} * g`;
    }
    case 'neg':
      return `${d} = −g`;
    case 'relu':
      return `${d} = g * [${x} > 0]`;
    case 'exp':
      return `${d} = g * ${wrap(out)}`;
    case 'log':
      return `${d} = g / ${x}`;
    case 'tanh':
      return `${d} = g * (1 − ${wrap(out)}²)`;
    case 'sigmoid':
      return `${d} = g * ${wrap(out)}(1 − ${wrap(out)})`;
    case 'crossEntropy':
      return `${d} = g * (softmax(${inp}) − onehot(${labels.get(b) ?? 'labels'})), row by row`;
    case 'sum':
    case 'mean': {
      const axis = node._meta?.axis;
      const n = node.op === 'mean' ? (axis === undefined ? input.data.length : input.shape[axis]) : 1;
      const each = n === 1 ? 'g' : `g/${n}`;
      return axis === undefined
        ? `${d} = ${each}, copied to each of its ${input.data.length} entries`
        : `${d} = ${each}, copied along axis ${axis}`;
    }
    case 'transpose':
      return `${d} = gᵀ`;
    case 'reshape':
    case 'view':
      return `${d} = g reshaped to ${formatShape(input.shape)}`;
    default:
      return `${d} (rule of ${node.op})`;
  }
}

function wrapD(label: string): string {
  return label.length > 1 && /[^\p{L}\p{N}_]/u.test(label) ? `(${label})` : label;
}
