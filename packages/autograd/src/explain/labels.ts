/**
 * Readable names for every node: the user's `name`, the number a constant came from, the lesson's
 * symbols (ŷ, ŷ − y …) when the graph is the lesson's, or an expression built from the inputs'
 * names (`X·w + b`). Long expressions fall back to `t1`, `t2` … in forward order.
 */
import type { Tensor } from '../tensor.js';
import { num } from './format.js';
import type { LessonMatch } from './lesson.js';

const MAX_LABEL = 24;
const SUPERSCRIPT: Record<string, string> = { '2': '²', '3': '³', '-1': '⁻¹' };

/** @internal `nodes` in forward order (inputs first). */
export function labelNodes(nodes: readonly Tensor[], lesson: LessonMatch | null): Map<Tensor, string> {
  const labels = new Map<Tensor, string>();
  const fixed = new Map<Tensor, string>();
  if (lesson !== null) {
    const X = lesson.X.name ?? 'X';
    const w = lesson.w.name ?? 'w';
    const y = lesson.y.name ?? 'y';
    fixed.set(lesson.X, X).set(lesson.w, w).set(lesson.y, y);
    if (lesson.b !== null) fixed.set(lesson.b, lesson.b.name ?? 'b');
    fixed.set(lesson.product, `${X}·${w}`);
    fixed.set(lesson.yHat, lesson.yHat.name ?? 'ŷ');
    fixed.set(lesson.residual, 'ŷ − y');
    fixed.set(lesson.squared, '(ŷ − y)²');
    fixed.set(lesson.perSample, '(ŷ − y)²/2');
    fixed.set(lesson.loss, lesson.loss.name ?? 'l');
  }
  let counter = 0;
  for (const t of nodes) {
    counter++;
    const chosen = fixed.get(t) ?? t.name ?? (t._const !== undefined ? num(t._const) : undefined);
    if (chosen !== undefined) {
      labels.set(t, chosen);
      continue;
    }
    const composed = t.isLeaf ? undefined : compose(t, labels);
    labels.set(t, composed !== undefined && composed.length <= MAX_LABEL ? composed : `t${counter}`);
  }
  return labels;
}

/** The expression of an op node from its inputs' labels. */
function compose(t: Tensor, labels: Map<Tensor, string>): string | undefined {
  const [a, b] = t._parents.map((p) => labels.get(p) ?? '?');
  switch (t.op) {
    case 'matmul':
      return `${wrap(a)}·${wrap(b)}`;
    case 'add':
      return `${a} + ${b}`;
    case 'sub':
      return `${a} − ${wrap(b)}`;
    case 'mul':
      return `${wrap(a)} * ${wrap(b)}`;
    case 'div':
      return `${wrap(a)}/${wrap(b)}`;
    case 'pow': {
      const k = t._meta?.k ?? 1;
      return `${wrap(a)}${SUPERSCRIPT[String(k)] ?? `^${num(k)}`}`;
    }
    case 'neg':
      return `−${wrap(a)}`;
    case 'relu':
    case 'exp':
    case 'log':
    case 'tanh':
    case 'sigmoid':
      return `${t.op}(${a})`;
    case 'crossEntropy':
      return `CE(${a}, ${b})`;
    case 'sum':
    case 'mean': {
      const axis = t._meta?.axis;
      const f = t.op === 'sum' ? 'Σ' : 'mean';
      return axis === undefined ? (t.op === 'sum' ? `Σ${wrap(a)}` : `mean(${a})`) : `${f}(${a}, axis ${axis})`;
    }
    case 'transpose':
      return `${wrap(a)}ᵀ`;
    case 'reshape':
    case 'view':
      return a;
    default:
      return undefined;
  }
}

/** Parentheses around a compound operand (one with an operator outside any parentheses): `(ŷ − y)²`. @internal */
export function wrap(label: string): string {
  let depth = 0;
  for (const ch of label) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && (ch === ' ' || ch === '·' || ch === '*' || ch === '/')) return `(${label})`;
  }
  return label;
}
