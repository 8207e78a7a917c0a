import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: a plain .mjs test helper without type declarations
import { runReadmeExamples } from '../../../tools/scripts/readme-examples.mjs';

test('the README example writes a step as NDJSON, reads it back, and shows the error for a bad line', async () => {
  const [example] = (await runReadmeExamples(new URL('..', import.meta.url))) as { code: number; stdout: string; stderr: string }[];
  assert.is(example.code, 0, example.stderr);
  assert.equal(example.stdout.trim().split('\n'), [
    '{"type":"step","epoch":1,"step":1,"globalStep":1,"size":10,"loss":21.67,"w":[0.11,-0.1],"b":0.16,"gradNorm":8.9}',
    'step',
    'invalid event in run.ndjson:3. type must be one of run, step, explain, epoch, done, error. Value: `"stpe"`.',
  ]);
});

test.run();
