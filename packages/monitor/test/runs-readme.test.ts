// The README's "Many runs" example runs: serveRuns over three tagged lesson runs, a protocol-2 client's
// hello lists them (lr = 3 diverged), and watching one brings its history.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
// @ts-expect-error: a plain .mjs helper shared by every package, without type declarations
import { runExample, tsBlocks } from '../../../tools/scripts/readme-examples.mjs';

test('the Many runs section of the README runs and prints what it shows', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const at = readme.indexOf('\n## Many runs: `serveRuns`');
  assert.ok(at > 0, 'README has a Many runs section');
  const block = (tsBlocks(readme.slice(at)) as string[])[0];
  const result = (await runExample(block, 'monitor-many-runs')) as { code: number; stdout: string; stderr: string };
  assert.is(result.code, 0, result.stderr);
  assert.match(
    result.stdout,
    /^open http:\/\/127\.0\.0\.1:\d+\/ to compare them\nlr=0\.03: done, final loss 5\.05e-5, 300 steps\nlr=0\.3: done, final loss 5\.50e-5, 300 steps\nlr=3: diverged, final loss —, 11 steps\nlr=0\.3: 3 epochs, 300 loss buckets, done: true\n$/,
  );
});

test.run();
