/**
 * The text of `gradstream explain`: one SGD step of the linear model written out the way a learner
 * checks it by hand — the batch, the forward pass, the per-sample losses and their sum, the backward
 * pass (∂l/∂ŷ, ∂l/∂w = Xᵀ(ŷ − y), ∂l/∂b = Σ(ŷ − y)), the division by the batch size, lr·grad, and the
 * parameters before and after.
 *
 * @example
 * import { renderExplanation } from './render-explanation.js';
 * process.stdout.write(renderExplanation(explanation)); // a StepExplanation from @gradstream/autograd
 */
import type { StepExplanation } from '@gradstream/events';

/** Fixed-width number: sign column kept so that columns line up. */
function num(x: number, width = 11): string {
  const text = Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-6) ? x.toExponential(4) : x.toFixed(6);
  return (x >= 0 && !text.startsWith('-') ? ' ' + text : text).padStart(width);
}

/** A number as a factor or subtrahend: negatives in parentheses, so `0.5 − (−0.2)` reads right. */
function term(x: number): string {
  const text = num(x, 0).trim();
  return x < 0 ? `(${text})` : text;
}

function vec(xs: readonly number[]): string {
  return `[${xs.map((x) => num(x, 0).trim()).join(', ')}]`;
}

function table(header: string[], rows: number[][]): string[] {
  const lines = ['   ' + ['  i', ...header.map((h) => h.padStart(11))].join(' ')];
  rows.forEach((row, i) => lines.push('   ' + [String(i + 1).padStart(3), ...row.map((x) => num(x))].join(' ')));
  return lines;
}

export function renderExplanation(e: StepExplanation): string {
  const d = e.before.w.length;
  const n = e.size;
  const xNames = Array.from({ length: d }, (_, j) => `x${j + 1}`);
  const wNames = Array.from({ length: d }, (_, j) => `w${j + 1}`);
  const meanGradW = e.grad.w.map((g) => g / n);
  const meanGradB = e.grad.b / n;
  const stepW = meanGradW.map((g) => e.lr * g);
  const stepB = e.lr * meanGradB;
  const lines: string[] = [];

  lines.push(`One SGD step of linear regression, computed number by number (batch of ${n}, ${d} feature${d === 1 ? '' : 's'}).`);
  lines.push('');
  lines.push('1. The batch and the parameters before the step');
  lines.push(...table([...xNames, 'y'], e.X.map((row, i) => [...row, e.y[i]])));
  lines.push(`   w = ${vec(e.before.w)}   b = ${num(e.before.b, 0).trim()}`);
  lines.push('');
  lines.push('2. Forward: ŷ = X·w + b, then the squared loss of each sample (ŷ − y)²/2');
  lines.push(...table(['ŷ', 'y', 'ŷ − y', '(ŷ − y)²/2'], e.yHat.map((yh, i) => [yh, e.y[i], e.residual[i], e.perSample[i]])));
  lines.push(`   l = Σ (ŷ − y)²/2 = ${num(e.lossSum, 0).trim()}   (the sum; backward() starts here)`);
  lines.push(`   mean loss l/${n} = ${num(e.lossSum / n, 0).trim()}`);
  lines.push('');
  lines.push('3. Backward: the chain rule from l back to the parameters');
  lines.push(`   ∂l/∂ŷ = ŷ − y = ${vec(e.residual)}`);
  e.grad.w.forEach((g, j) => {
    const terms = e.X.map((row, i) => `${term(row[j])}·${term(e.residual[i])}`);
    const shown = terms.length > 4 ? [...terms.slice(0, 3), '…'] : terms;
    lines.push(`   ∂l/∂${wNames[j]} = Σ ${xNames[j]}·(ŷ − y) = ${shown.join(' + ')} = ${num(g, 0).trim()}`);
  });
  lines.push(`   ∂l/∂w = Xᵀ(ŷ − y) = ${vec(e.grad.w)}`);
  lines.push(`   ∂l/∂b = Σ (ŷ − y) = ${num(e.grad.b, 0).trim()}`);
  lines.push('');
  lines.push(`4. Update: p ← p − lr·(∂l/∂p)/batch, with lr = ${e.lr} and batch = ${n}`);
  lines.push(`   grad/${n}:     w ${vec(meanGradW)}   b ${num(meanGradB, 0).trim()}`);
  lines.push(`   lr·grad/${n}:  w ${vec(stepW)}   b ${num(stepB, 0).trim()}`);
  e.before.w.forEach((w, j) => {
    lines.push(`   ${wNames[j]}: ${num(w, 0).trim()} − ${term(stepW[j])} = ${num(e.after.w[j], 0).trim()}`);
  });
  lines.push(`   b:  ${num(e.before.b, 0).trim()} − ${term(stepB)} = ${num(e.after.b, 0).trim()}`);
  lines.push('');
  lines.push('5. The parameters after the step');
  lines.push(`   w = ${vec(e.after.w)}   b = ${num(e.after.b, 0).trim()}`);
  return lines.join('\n') + '\n';
}
