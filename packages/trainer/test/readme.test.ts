// The README's examples run as real programs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error plain .mjs helper without types
import { runReadmeExamples } from '../../../tools/scripts/readme-examples.mjs';

test('README examples run and print what they claim', async () => {
  const results: { code: number; stdout: string; stderr: string }[] = await runReadmeExamples(new URL('..', import.meta.url));
  assert.is(results.length, 3);
  for (const r of results) assert.is(r.code, 0, r.stderr);
  const [lesson, pipeline, reference] = results.map((r) => r.stdout);
  // d2l prints epoch 1, loss ~0.03-0.04 and then ~5e-5; the estimated parameters are off by ~1e-4.
  assert.match(lesson, /^epoch 1, loss 0\.0[0-9]+\nepoch 2, loss 0\.000[0-9]+\nepoch 3, loss 0\.0000[0-9]+\n/);
  const wErr = lesson.match(/error in estimating w: (\S+), (\S+)/)!;
  assert.ok(Math.abs(Number(wErr[1])) < 2e-3 && Math.abs(Number(wErr[2])) < 2e-3, lesson);
  assert.match(pipeline, /epoch 3, loss 0\.0000[0-9]+, gap to optimum [0-9.]+e-[5-9]/);
  assert.match(pipeline, /done after 300 steps: w 1\.99[0-9]+,-3\.39[0-9]+, b 4\.19[0-9]+/);
  // The hand-written loop and the pipeline start from the same w (seed 42) and shuffle the same way
  // (epochOrder is what minibatches uses), so they print the same epoch losses.
  const losses = (out: string) => [...out.matchAll(/epoch (\d), loss (0\.\d{6})/g)].map((m) => m[2]);
  assert.is(losses(lesson).length, 3);
  assert.equal(losses(pipeline), losses(lesson));
  assert.is(reference.match(/OK: every deviation is within 1e-9/g)?.length, 2, reference);
});

test.run();
