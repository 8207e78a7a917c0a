// Every ```ts block of every README in the clone runs the way a reader runs it after `npm ci`: copied
// into a file inside the clone (away from its package) and run with plain `npx tsx file.ts`, no flags
// and no build. Where the README shows the output (a ```text block right after the code), it is printed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: a plain .mjs helper without type declarations
import { examplesOf, missingOutput, readmes, ROOT, runExample } from '../../scripts/readme-examples.mjs';

interface Example {
  code: string;
  shown?: string;
}

const all = (readmes() as string[]).flatMap((readme) =>
  (examplesOf(readFileSync(join(ROOT, readme), 'utf8')) as Example[]).map((example, i) => ({ readme, i, ...example })),
);

test('the READMEs hold the examples this test runs', () => {
  assert.ok(all.length >= 17, `found ${all.length} TypeScript blocks`);
  assert.ok(all.some((e) => e.shown !== undefined), 'at least one README shows what its example prints');
});

for (const { readme, i, code, shown } of all) {
  test(`${readme} example ${i + 1} runs with plain npx tsx${shown ? ' and prints what the README shows' : ''}`, async () => {
    const result = await runExample(code, `${readme.replace(/\/?README\.md$/, '').replaceAll('/', '-') || 'root'}-${i}`);
    assert.is(result.code, 0, `${readme} example ${i + 1} exited with ${result.code}:\n${result.stderr}`);
    if (shown) assert.equal(missingOutput(shown, result.stdout), [], `printed:\n${result.stdout}`);
  });
}

test('missingOutput finds each shown line in order, `…` standing for any text', () => {
  assert.equal(missingOutput('a 1\nb …\n', 'x\na 1\nb 22\n'), []);
  assert.equal(missingOutput('b …\na 1\n', 'a 1\nb 22\n'), ['a 1']);
  assert.equal(missingOutput('epoch 1, loss 0.034408', 'epoch 1, loss 0.034409\n'), ['epoch 1, loss 0.034408']);
});

test.run();
