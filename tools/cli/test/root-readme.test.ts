// The workspace README's examples run as written: its ```ts pipeline example, and the printout it
// shows for `npm start` is what `gradstream train` prints today (all but the wall time).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: a plain .mjs test helper without type declarations
import { runReadmeExamples } from '../../../tools/scripts/readme-examples.mjs';
import { runCli } from './cli.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const readme = readFileSync(`${ROOT}/README.md`, 'utf8');

test('the README pipeline example trains the lesson and prints three epoch losses', async () => {
  const [example] = (await runReadmeExamples(ROOT)) as { code: number; stdout: string; stderr: string }[];
  assert.is(example.code, 0, example.stderr);
  const lines = example.stdout.trim().split('\n');
  assert.is(lines.length, 3);
  assert.match(lines[2], /^epoch 3, loss 0\.0000\d\d$/);
});

test('the npm start printout in the README is what gradstream train prints (wall time aside)', async () => {
  const shown = readme.match(/^```text\n([\s\S]*?)^```/m)![1].trim().split('\n');
  const { code, stdout } = await runCli(['train']);
  assert.is(code, 0);
  const printed = stdout.trim().split('\n');
  assert.equal(printed.slice(0, 5), shown.slice(0, 5));
  assert.match(printed[5], /^wall time: \d+\.\d{3} s \(300 steps, training \d+\.\d{3} s\)$/);
});

test.run();
