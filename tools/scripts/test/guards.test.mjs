// The repository's guards, one test per package so that a failure names its package: the line budget
// (check-lines.mjs), the function budget (check-functions.mjs), the public API check (check-exports.mjs), and the doc-example runner's own rules.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkExports } from '../check-exports.mjs';
import { longFunctions, longFunctionsIn, MAX_FUNCTION_LINES } from '../check-functions.mjs';
import { lineCounts, MAX_LINES } from '../check-lines.mjs';
import { docExamples, examplesIn, runDocExample } from '../doc-examples.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const { packages, overBudget } = lineCounts(ROOT);

for (const { name } of packages) {
  test(`${name}: no source file over ${MAX_LINES} lines`, () => {
    const mine = overBudget.filter((o) => o.file.includes(`/${name}/`) || (name === 'cli' && o.file.startsWith('tools/cli/')));
    assert.equal(mine.map((o) => `${o.file}: ${o.lines}`), []);
  });
}

const long = longFunctions(ROOT);
for (const { name } of packages) {
  test(`${name}: no function over ${MAX_FUNCTION_LINES} lines`, () => {
    assert.equal(long.filter((f) => f.pkg === name).map((f) => `${f.file}:${f.line} ${f.name}: ${f.lines}`), []);
  });
}

test('longFunctionsIn measures functions, methods and arrows from their first to their last line, braces in strings ignored', () => {
  const body = (n) => Array.from({ length: n }, (_, i) => `  const s${i} = '}{';`).join('\n');
  const text = [`function short() {\n${body(10)}\n}`, `const arrow = () => {\n${body(MAX_FUNCTION_LINES)}\n};`, `class C {\n  m() {\n${body(3)}\n  }\n}`].join('\n');
  assert.equal(longFunctionsIn('x.ts', text), [{ name: 'arrow', line: 13, lines: MAX_FUNCTION_LINES + 2 }]);
});

for (const { pkg, offenders } of checkExports(ROOT)) {
  test(`${pkg}: every export is used by another package or documented with an @example`, () => {
    assert.equal(offenders, []);
  });
}

test('examplesIn reads the lines after @example up to the next tag or the end of the comment', () => {
  const text = ['/**', ' * Doc.', ' *', ' * @example', " * import { x } from './x.js';", ' * console.log(x); // 1', ' * @param a - no', ' */'].join('\n');
  assert.equal(examplesIn(text), [{ line: 4, code: "import { x } from './x.js';\nconsole.log(x); // 1" }]);
});

test('an example that throws fails, one that runs passes, and `// not run: why` is skipped with its reason', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradstream-doc-examples-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'src/a.ts'), [
    '/**', ' * @example', " * import { one } from './b.js';", ' * if (one() !== 1) throw new Error(`bad`);', ' */', 'export const a = 1;',
    '/**', ' * @example', " * throw new Error('broken example');", ' */', 'export const c = 1;',
    '/**', ' * @example', ' * // not run: it needs a server', ' * await fetch("http://localhost:1");', ' */', 'export const d = 1;',
  ].join('\n'));
  writeFileSync(join(dir, 'src/b.ts'), 'export const one = () => 1;\n');
  const [ok, broken, skipped] = docExamples(dir);
  assert.is((await runDocExample(dir, ok)).code, 0);
  const failed = await runDocExample(dir, broken);
  assert.is.not(failed.code, 0);
  assert.match(failed.stderr, 'broken example');
  assert.is(skipped.skip, 'it needs a server');
});

test.run();
