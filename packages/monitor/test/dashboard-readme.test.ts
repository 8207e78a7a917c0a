// The README's Dashboard example runs and shows the page and its files served by the monitor itself.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
// @ts-expect-error: a plain .mjs helper shared by every package, without type declarations
import { runReadmeExamples, tsBlocks } from '../../../tools/scripts/readme-examples.mjs';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

test('the Dashboard section of the README runs: the page, its script and uPlot come from the monitor', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const at = readme.indexOf('\n## Dashboard\n');
  assert.ok(at > 0, 'README has a Dashboard section');
  // The Dashboard block is the first ```ts block after the heading.
  const index = (tsBlocks(readme.slice(0, at)) as string[]).length;
  const result = ((await runReadmeExamples(new URL('..', import.meta.url))) as Result[])[index];
  assert.is(result.code, 0, result.stderr);
  assert.match(
    result.stdout,
    /^open http:\/\/127\.0\.0\.1:\d+\/ in a browser\n\/ 200 text\/html; charset=utf-8\n\/app\.js 200 text\/javascript; charset=utf-8\n\/uplot\.css 200 text\/css; charset=utf-8\n$/,
  );
});

test.run();
