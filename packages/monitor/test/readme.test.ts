import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: a plain .mjs helper shared by every package, without type declarations
import { runReadmeExamples } from '../../../tools/scripts/readme-examples.mjs';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

// The examples run once, for every test below.
let examples: Promise<Result[]> | undefined;
const readmeExamples = () => (examples ??= runReadmeExamples(new URL('..', import.meta.url)) as Promise<Result[]>);

test('the README examples run: serve a run, share one run between consumers, record and replay', async () => {
  const [serve, shared, replay] = await readmeExamples();
  assert.is(serve.code, 0, serve.stderr);
  assert.match(serve.stdout, /^dashboard at http:\/\/127\.0\.0\.1:\d+\/\n/);
  assert.match(serve.stdout, /epoch 1, loss 0\.0\d+\nepoch 2, loss 0\.0\d+\nepoch 3, loss 0\.0000\d+\n/);
  // Seed 42 lands on the true parameters [2, -3.4] and 4.2 to three decimals.
  assert.match(serve.stdout, /\ndone: w 2\.000, -3\.400, b 4\.200\n$/);
  // Several consumers of one run: connected first, the run starts once and every consumer sees it.
  assert.is(shared.code, 0, shared.stderr);
  assert.is(shared.stdout, 'runs started: 1\n');
  assert.is(replay.code, 0, replay.stderr);
  // run + 300 steps + 3 explained steps (the first of each epoch) + 3 epochs + done.
  assert.match(replay.stdout, /^308 events recorded, 308 replayed from /);
});

test('the README example of step batches: the 300 steps of the lesson in a handful of frames', async () => {
  const batch = (await readmeExamples())[3];
  assert.is(batch.code, 0, batch.stderr);
  assert.is(batch.stdout, '300 steps in 15 frames, the hello included\n');
});

test.run();
