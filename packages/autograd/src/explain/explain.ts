/**
 * explain(loss): the backward pass as a learner would do it by hand, node by node, with numbers.
 */
import type { Tensor } from '../tensor.js';
import { labelNodes } from './labels.js';
import { matchLesson, type LessonMatch } from './lesson.js';
import { renderBackward } from './render.js';
import { replay } from './replay.js';
import { ruleText } from './rules.js';
import { allNodes, nodeId } from './walk.js';

/** What one input received from an op's backward rule. */
export interface ExplainedSend {
  id: string;
  label: string;
  /** The rule in words, e.g. `∂(X·w)/∂w = Xᵀ·g`. */
  rule: string;
  /** The gradient this rule added into the input (shaped like the input, flattened). */
  grad: number[];
  /** For the lesson's graph: what this gradient is in the hand computation, e.g. `∂l/∂w = Xᵀ(ŷ − y)`. */
  meaning?: string;
}

/** One node of the backward pass. */
export interface ExplainedStep {
  /** 1-based position in the backward pass (the loss is 1). */
  step: number;
  id: string;
  op: string;
  label: string;
  shape: number[];
  /** The values that went into the op (all inputs, data and constants included). */
  inputs: { id: string; label: string; shape: number[]; value: number[] }[];
  /** The op's output. */
  value: number[];
  /** g = ∂loss/∂(this node), the gradient arriving from above. */
  upstream: number[];
  /** What the rule sent to each input that requires grad. */
  sends: ExplainedSend[];
  /** The exponent of a `pow` step. */
  exponent?: number;
}

/** The d2l hand computation, done independently of the engine and compared with it. */
export interface LessonExplanation {
  X: number[][];
  y: number[];
  w: number[];
  b: number | null;
  yHat: number[];
  /** ŷ − y */
  residual: number[];
  /** (ŷ − y)²/2 per sample */
  perSample: number[];
  /** Σ (ŷ − y)²/2 */
  lossSum: number;
  /** The loss the graph computed: lossSum, or lossSum/n for a mean. */
  loss: number;
  reduction: 'sum' | 'mean';
  /** By hand: ∂l/∂ŷ = ŷ − y, ∂l/∂w = Xᵀ(ŷ − y), ∂l/∂b = Σ(ŷ − y) (each divided by n for a mean). */
  grad: { yHat: number[]; w: number[]; b: number | null };
  /** The engine's backward gives the same numbers (to 1e-9 relative). */
  agrees: boolean;
  maxDifference: number;
}

export interface Explanation {
  loss: { id: string; label: string; value: number };
  /** Op nodes in the order the forward pass computed them. */
  forward: { id: string; op: string; label: string; shape: number[]; value: number[] }[];
  /** The backward pass, from the loss down. */
  steps: ExplainedStep[];
  /** ∂loss/∂leaf for every leaf that requires grad (what backward() adds into `.grad`). */
  leaves: { id: string; label: string; shape: number[]; value: number[]; grad: number[] }[];
  /** Present when the graph is the d2l linear-regression loss. */
  lesson: LessonExplanation | null;
  /** The whole explanation as terminal text (renderBackward). */
  text: string;
}

/**
 * Explains the gradient of a scalar loss: the forward values, then every step of the backward pass
 * (the op, its inputs, the upstream gradient g, the local rule in words and the gradient it sent),
 * and, for the d2l linear-regression loss, the hand computation (ŷ, residuals, per-sample losses,
 * ∂l/∂w = Xᵀ(ŷ − y), ∂l/∂b = Σ(ŷ − y)) checked against the engine. Reads the graph without
 * touching `.grad`; works before or after `backward()`, but must run before the optimizer step.
 *
 * @param loss - a one-element tensor that requires grad
 * @returns the structured trace, with `text` for a terminal
 *
 * @example
 * import { explain, tensor } from '@gradstream/autograd';
 * const X = tensor([[1, 2], [3, 4]], { name: 'X' });
 * const y = tensor([5, 6], { name: 'y' });
 * const w = tensor([[0.5], [0.5]], { requiresGrad: true, name: 'w' });
 * const b = tensor([0], { requiresGrad: true, name: 'b' });
 * const yHat = X.matmul(w).add(b);
 * const l = yHat.sub(y.reshape(yHat.shape)).pow(2).div(2).sum();
 * console.log(explain(l).text);
 */
export function explain(loss: Tensor): Explanation {
  const { order, grads, sent } = replay(loss, 'explain()');
  const lesson = matchLesson(loss);
  const nodes = allNodes(loss);
  const labels = labelNodes(nodes, lesson);
  const label = (t: Tensor): string => labels.get(t) ?? nodeId(t);
  const values = (x: ArrayLike<number>): number[] => Array.from(x);

  const forward = nodes.filter((t) => !t.isLeaf).map((t) => ({ id: nodeId(t), op: t.op, label: label(t), shape: [...t.shape], value: values(t.data) }));
  const steps: ExplainedStep[] = [];
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    if (node.isLeaf) continue;
    const perInput = sent.get(node) ?? new Map<Tensor, Float64Array>();
    steps.push({
      step: steps.length + 1,
      id: nodeId(node),
      op: node.op,
      label: label(node),
      shape: [...node.shape],
      inputs: node._parents.map((p) => ({ id: nodeId(p), label: label(p), shape: [...p.shape], value: values(p.data) })),
      value: values(node.data),
      upstream: values(grads.get(node) ?? []),
      ...(node.op === 'pow' ? { exponent: node._meta?.k } : {}),
      sends: [...perInput].map(([p, g]) => {
        const meaning = lesson === null ? undefined : lessonMeaning(lesson, node, p);
        return { id: nodeId(p), label: label(p), rule: ruleText(node, p, label(node), label(p), labels), grad: values(g), ...(meaning === undefined ? {} : { meaning }) };
      }),
    });
  }
  const leaves = order
    .filter((t) => t.isLeaf)
    .map((t) => ({ id: nodeId(t), label: label(t), shape: [...t.shape], value: values(t.data), grad: values(grads.get(t) ?? []) }));
  const explanation: Explanation = {
    loss: { id: nodeId(loss), label: label(loss), value: loss.data[0] },
    forward,
    steps,
    leaves,
    lesson: lesson === null ? null : byHand(lesson, grads),
    text: '',
  };
  explanation.text = renderBackward(explanation);
  return explanation;
}

/**
 * Ties a backward step of the lesson's graph to the hand computation: after the ½ and the square,
 * every gradient on the way down is the residual ŷ − y, summed for b and weighted by X for w.
 */
function lessonMeaning(m: LessonMatch, node: Tensor, input: Tensor): string | undefined {
  const per = m.reduction === 'mean' ? `/${m.y.data.length}` : '';
  const r = per === '' ? 'ŷ − y' : `(ŷ − y)${per}`;
  if (node === m.squared && input === m.residual) return `∂l/∂(ŷ − y) = ${r}`;
  if (node === m.residual && input === m.yHat) return `∂l/∂ŷ = ${r}`;
  if (node === m.yHat && input === m.product) return `∂l/∂(X·w) = ${r}`;
  if (node === m.yHat && input === m.b) return `∂l/∂b = Σ(ŷ − y)${per}`;
  if (node === m.product && input === m.w) return `∂l/∂w = Xᵀ(ŷ − y)${per}`;
  return undefined;
}

/** The lesson's step computed with plain loops from the raw numbers, then compared with the engine. */
function byHand(m: LessonMatch, grads: Map<Tensor, Float64Array>): LessonExplanation {
  const [n, d] = m.X.shape;
  const Xd = m.X.data;
  const wd = m.w.data;
  const b = m.b === null ? null : m.b.data[0];
  const yd = m.y.data;
  const scale = m.reduction === 'mean' ? 1 / n : 1;
  const yHat: number[] = [];
  const residual: number[] = [];
  const perSample: number[] = [];
  for (let i = 0; i < n; i++) {
    let p = b ?? 0;
    for (let j = 0; j < d; j++) p += Xd[i * d + j] * wd[j];
    yHat.push(p);
    residual.push(p - yd[i]);
    perSample.push(((p - yd[i]) * (p - yd[i])) / 2);
  }
  const lossSum = perSample.reduce((s, x) => s + x, 0);
  const gw: number[] = [];
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Xd[i * d + j] * residual[i];
    gw.push(s * scale);
  }
  const gb = m.b === null ? null : residual.reduce((s, r) => s + r, 0) * scale;
  const gyHat = residual.map((r) => r * scale);
  // compare with what the engine's backward rules produced
  let maxDifference = 0;
  const compare = (hand: number[], engine: Float64Array | undefined): void => {
    if (engine === undefined) return;
    hand.forEach((h, i) => {
      maxDifference = Math.max(maxDifference, Math.abs(h - engine[i]) / Math.max(1, Math.abs(h)));
    });
  };
  if (m.w.requiresGrad) compare(gw, grads.get(m.w));
  if (m.b !== null && gb !== null && m.b.requiresGrad) compare([gb], grads.get(m.b));
  compare(gyHat, grads.get(m.yHat));
  return {
    X: Array.from({ length: n }, (_, i) => Array.from(Xd.subarray(i * d, (i + 1) * d))),
    y: Array.from(yd),
    w: Array.from(wd),
    b,
    yHat,
    residual,
    perSample,
    lossSum,
    loss: m.loss.data[0],
    reduction: m.reduction,
    grad: { yHat: gyHat, w: gw, b: gb },
    agrees: maxDifference <= 1e-9,
    maxDifference,
  };
}
