// The README's examples run as real programs and print what the README says they print.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error a plain .mjs helper without type declarations
import { runReadmeExamples } from '../../../tools/scripts/readme-examples.mjs';

type Result = { code: number; stdout: string; stderr: string };

test('the README examples run and print what they claim', async () => {
  const results = (await runReadmeExamples(new URL('..', import.meta.url))) as Result[];
  assert.is(results.length, 6);
  for (const r of results) assert.is(r.code, 0, r.stderr);
  const [chapter, lesson, errors, functional, graph, losses6] = results.map((r) => r.stdout);

  assert.match(chapter, 'x.grad = [ 0, 4, 8, 12 ]');
  assert.match(chapter, 'after zeroing, grad of sum(x*x) = [ 0, 2, 4, 6 ]');
  assert.match(chapter, 'without zeroing = [ 0, 4, 8, 12 ]');

  for (const phrase of ['ŷ = X·w + b', '(residuals)', '(per-sample losses)', '∂l/∂w = Xᵀ(ŷ − y)', '∂l/∂b = Σ(ŷ − y)', 'backward() computes the same numbers', '∂(X·w)/∂w = Xᵀ·g']) {
    assert.ok(lesson.includes(phrase), `lesson example prints ${phrase}`);
  }
  const losses = [...lesson.matchAll(/epoch (\d), loss ([\d.]+)/g)].map((m) => Number(m[2]));
  assert.is(losses.length, 3);
  assert.ok(losses[0] > losses[1] && losses[1] > losses[2], lesson);
  const fit = lesson.match(/w = \[ (\S+), (\S+) \] b = (\S+)/)!;
  assert.ok(Math.abs(Number(fit[1]) - 2) < 0.01 && Math.abs(Number(fit[2]) + 3.4) < 0.01 && Math.abs(Number(fit[3]) - 4.2) < 0.01, lesson);

  assert.match(errors, 'backward on a non-scalar:\n  invalid invocation. backward() needs a gradient argument unless the tensor is a scalar');
  assert.match(errors, 'second backward:\n  invalid invocation. Trying to backward through the graph a second time');
  assert.match(errors, 'update outside noGrad:\n  invalid invocation. A leaf tensor that requires grad cannot be updated in place');
  assert.match(errors, 'w after the update: [ [ 0.9 ], [ 1.9 ] ]');

  assert.match(functional, 'd/dx Σx³ = [ 0.75, 3, 12 ] x.grad = null');
  assert.match(functional, 'gradcheck ok: true entries: 24 max abs error < 1e-6: true');

  assert.match(graph, /n\d+ leaf {3}X null/);
  assert.match(graph, /n\d+ add {4}ŷ \[/);
  assert.match(graph, 'dot ok');

  // the README shows this output in the text block after the losses example
  assert.match(losses6, 'loss 1.6287 b.grad [ -0.2073, 0.5478, -0.3405 ]');
  assert.match(losses6, 'stable: 2000');
  assert.match(losses6, 'hinge + l2 1.071902 w.grad [ [ -0.30024049026883737 ], [ -0.07591305352014205 ] ]');
});

test.run();
