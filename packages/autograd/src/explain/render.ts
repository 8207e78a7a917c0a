/**
 * The explanation as text for a terminal: forward values, the hand computation of the lesson
 * (when the graph is the lesson's), each backward step with its rule and numbers, and the leaves.
 */
import { formatShape } from '../shape.js';
import { arr, num } from './format.js';
import type { Explanation } from './explain.js';

/**
 * Renders an explanation (also available as `explain(loss).text`).
 *
 * @example
 * import { explain, renderBackward, tensor } from '@gradstream/autograd';
 * const x = tensor([1, 2], { requiresGrad: true, name: 'x' });
 * console.log(renderBackward(explain(x.pow(2).sum())));
 */
export function renderBackward(e: Explanation): string {
  const out: string[] = [];
  const L = e.loss.label;
  const lesson = e.lesson;
  const what =
    lesson === null
      ? ''
      : ` (the d2l linear-regression loss, ${lesson.reduction === 'sum' ? 'summed' : 'averaged'} over a batch of ${lesson.y.length})`;
  out.push(`Explaining ${L} = ${num(e.loss.value)}${what}`, '');

  out.push('Forward pass');
  const width = Math.max(...e.forward.map((f) => f.label.length), 4);
  for (const f of e.forward) out.push(`  ${f.label.padEnd(width)}  ${f.op.padEnd(9)} ${formatShape(f.shape).padEnd(8)} = ${arr(f.value)}`);
  out.push('');

  if (lesson !== null) {
    const n = lesson.y.length;
    const d = lesson.w.length;
    const mean = lesson.reduction === 'mean';
    const per = mean ? `/${n}` : '';
    const rows: [string, string][] = [
      [lesson.b === null ? 'ŷ = X·w' : 'ŷ = X·w + b', arr(lesson.yHat)],
      ['ŷ − y          (residuals)', arr(lesson.residual)],
      ['(ŷ − y)²/2     (per-sample losses)', arr(lesson.perSample)],
      [`l = Σ(ŷ − y)²/2${mean ? ` / ${n}` : ''}`, num(lesson.loss)],
      [mean ? `∂l/∂ŷ = (ŷ − y)${per}` : '∂l/∂ŷ = ŷ − y', arr(lesson.grad.yHat)],
      [`∂l/∂w = Xᵀ(ŷ − y)${per}`, arr(lesson.grad.w)],
    ];
    if (lesson.b !== null && lesson.grad.b !== null) rows.push([`∂l/∂b = Σ(ŷ − y)${per}`, num(lesson.grad.b)]);
    out.push(`The lesson's step by hand (X is ${n}×${d}, w = ${arr(lesson.w)}${lesson.b === null ? '' : `, b = ${num(lesson.b)}`})`);
    const w2 = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) out.push(`  ${k.padEnd(w2)} = ${v}`);
    out.push(
      lesson.agrees
        ? `  backward() computes the same numbers (largest relative difference ${num(lesson.maxDifference)}).`
        : `  backward() DIFFERS from the hand computation (largest relative difference ${num(lesson.maxDifference)}).`,
      '',
    );
  }

  out.push(`Backward pass: g is ∂${L}/∂(node), starting from ∂${L}/∂${L} = 1`);
  for (const s of e.steps) {
    const ins = s.inputs.map((i) => i.label).join(', ') + (s.op === 'pow' ? `, ${num(s.exponent ?? 1)}` : '');
    out.push(`  ${s.step}. ${s.label} ← ${s.op}(${ins}), shape ${formatShape(s.shape)}`);
    out.push(`       g = ${arr(s.upstream)}`);
    for (const send of s.sends) {
      out.push(`       → ${send.label}: ${send.rule} = ${arr(send.grad)}`);
      if (send.meaning !== undefined) out.push(`         that is ${send.meaning}`);
    }
  }
  out.push('');
  out.push('Leaves: what backward() adds into .grad');
  for (const leaf of e.leaves) out.push(`  ${leaf.label}.grad += ${arr(leaf.grad)}`);
  return out.join('\n');
}
