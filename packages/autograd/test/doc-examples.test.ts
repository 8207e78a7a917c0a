// Every `@example` in src that imports the package runs, in this process, and prints what its
// `// comment` says (the text before a `: ` or ` (` is the expected output, compared without spaces).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const examples = sources(join(root, 'src')).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/@example\n((?:\s*\*(?! @)(?!\/).*\n)+)/g)]
    .map((m) => m[1].replace(/\n$/, '').split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n'))
    .filter((code) => code.includes("from '@gradstream/autograd'"))
    .map((code) => ({ file: file.slice(root.length), code })),
);

test('the doc comments carry runnable examples', () => {
  assert.ok(examples.length >= 25, `found ${examples.length}`);
});

examples.forEach(({ file, code }, i) => {
  test(`${file} example ${i}`, async () => {
    const path = join(root, `.doc-example-${process.pid}-${i}.ts`);
    writeFileSync(path, code);
    const printed: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void printed.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    try {
      await import(pathToFileURL(path).href);
    } finally {
      console.log = log;
      rmSync(path, { force: true });
    }
    const expected = code
      .split('\n')
      .filter((l) => l.includes('console.log(') && l.includes('// '))
      .map((l) => l.slice(l.indexOf('// ') + 3).split(/: | \(/)[0]);
    const squash = (s: string) => s.replace(/\s+/g, '');
    assert.ok(printed.length > 0, 'prints something');
    expected.forEach((e, k) => assert.is(squash(printed[k]), squash(e), `${file}: ${code}`));
  });
});

test.run();
