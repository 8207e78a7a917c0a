import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error a plain .mjs helper without type declarations
import { runReadmeExamples } from '../../../tools/scripts/readme-examples.mjs';

type Result = { code: number; stdout: string; stderr: string };

test('the README examples run and print what they say', async () => {
  const results = (await runReadmeExamples(new URL('..', import.meta.url))) as Result[];
  assert.is(results.length, 4);
  for (const r of results) assert.is(r.code, 0, r.stderr);
  const [lesson, files, classes, errors] = results.map((r) => r.stdout);

  assert.match(lesson, 'dataset: n=1000 d=2 trueW=2,-3.4 trueB=4.2');
  assert.match(lesson, /epoch 1 batch 0: rows (\d+,){9}\d+\n/);
  assert.match(lesson, /epoch 1 batch 1: rows /);
  assert.match(lesson, 'batches in 3 epochs: 300');

  assert.match(files, /^\{"x1":-?[\d.e-]+,"x2":-?[\d.e-]+,"y":-?[\d.e-]+\}\n/);
  assert.match(files, 'read back 25 rows, columns x1,x2 -> y, identical: true');
  assert.match(files, 'streamed batches: 10, 10, 5 (last)');

  for (const line of [
    'blobs: n=300 d=2 classes=3 rows per class 100,100,100',
    'moons: n=100 labels -1,1',
    'moons in batches of 32: 4',
    'file: 3 rows, classes=3',
    '/tmp/gradstream-readme-classes.csv:3: the label must be a class index, an integer in [0, 3); found 0.5',
  ]) {
    assert.match(classes, line);
  }

  assert.match(errors, 'RangeError: invalid argument. batchSize must be a positive integer. Value: `0`.');
  assert.match(errors, '/tmp/gradstream-readme-bad.csv:3: column x2 is not a number: "abc"');
});

test.run();
