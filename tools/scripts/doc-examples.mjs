#!/usr/bin/env node
// Runs the `@example` blocks of a package's doc comments as real programs, so the examples a reader copies
// cannot rot. Each block is written to a temporary file in the package folder (its relative imports
// rewritten to match), run with tsx (the workspace packages resolve to their sources), and fails when it throws or
// exits non-zero. An example that cannot run on its own (it needs a server, a terminal, a file the reader
// has) says so on a line of its own: `// not run: <reason>`; it is reported as skipped with the reason.
//
// In a test:  registerDocExamples(test, new URL('..', import.meta.url))   (one uvu test per example)
// By hand:    node tools/scripts/doc-examples.mjs packages/data tools/cli
//
// @example
// import { docExamples } from '../../../tools/scripts/doc-examples.mjs';
// console.log(docExamples(new URL('..', import.meta.url)).length);
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_DIRS = ['src', 'dashboard/src', 'bin'];
const NOT_RUN = /^\s*\/\/\s*not run:\s*(.+)$/m;
// tsx from this repository, whatever the child's working directory.
const TSX = import.meta.resolve('tsx');

/** The source files of a package that may hold doc comments. */
function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs|js)$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
  });
}

/** The `@example` blocks of one source text: the comment lines after the tag, up to the next tag or the comment's end. */
export function examplesIn(text) {
  const found = [];
  for (const m of text.matchAll(/^([ \t]*)\* @example[ \t]*\n((?:\1\*(?! @)(?!\/).*\n)*)/gm)) {
    const code = m[2].replace(/\n$/, '').split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n');
    found.push({ line: text.slice(0, m.index).split('\n').length, code });
  }
  return found;
}

/**
 * Every `@example` of the package at `packageDir`: `{ file, line, code, skip }` (skip: the `not run` reason).
 * @param {URL | string} packageDir
 */
export function docExamples(packageDir) {
  const dir = typeof packageDir === 'string' ? resolve(packageDir) : fileURLToPath(packageDir);
  return SOURCE_DIRS.map((d) => join(dir, d))
    .filter((d) => existsSync(d))
    .flatMap(sourceFiles)
    .flatMap((file) =>
      examplesIn(readFileSync(file, 'utf8')).map(({ line, code }) => ({
        file: relative(dir, file),
        line,
        code,
        skip: code.match(NOT_RUN)?.[1],
      })),
    );
}

/** The example's relative imports (`./x.js` next to its source) rewritten for a file in the package folder. */
function relocate(code, sourceFile) {
  return code.replace(/(from\s+|import\s*\()(['"])(\.\.?\/[^'"]+)\2/g, (_, lead, q, spec) => {
    let path = relative('.', join(dirname(sourceFile), spec)).replaceAll('\\', '/');
    if (!path.startsWith('.')) path = `./${path}`;
    return `${lead}${q}${path}${q}`;
  });
}

/**
 * Runs one example in a child process; resolves to `{ code, stdout, stderr }`.
 * @param {URL | string} packageDir
 * @param {{ file: string, code: string }} example
 */
export function runDocExample(packageDir, example, { timeoutMs = 60_000 } = {}) {
  const dir = typeof packageDir === 'string' ? resolve(packageDir) : fileURLToPath(packageDir);
  const path = join(dir, `.doc-example-${process.pid}-${Math.random().toString(36).slice(2)}.ts`);
  // An example is a module: top-level await works, and its names do not clash with another example's.
  writeFileSync(path, `${relocate(example.code, example.file)}\nexport {};\n`);
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', TSX, path], {
      cwd: dir,
      env: { ...process.env, FORCE_COLOR: '0' },
      timeout: timeoutMs,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => {
      rmSync(path, { force: true });
      done({ code: code ?? (signal ? `killed by ${signal} (timeout ${timeoutMs} ms?)` : null), stdout, stderr });
    });
  });
}

/**
 * Registers one uvu test per example of the package (a skipped one names its reason in the title).
 * @param {import('uvu').Test} test
 * @param {URL | string} packageDir
 */
export function registerDocExamples(test, packageDir, options = {}) {
  const examples = docExamples(packageDir);
  test('the package has doc examples', () => {
    if (examples.length === 0) throw new Error('no @example found in src');
  });
  for (const example of examples) {
    const title = `@example ${example.file}:${example.line}`;
    if (example.skip) {
      test.skip(`${title} (not run: ${example.skip})`, () => {});
      continue;
    }
    test(title, async () => {
      const { code, stdout, stderr } = await runDocExample(packageDir, example, options);
      if (code !== 0) throw new Error(`${title} exited with ${code}:\n${example.code}\n--- stderr ---\n${stderr.trim()}`);
      if (options.checkOutput) checkPrinted(title, example.code, stdout);
    });
  }
}

/**
 * With `checkOutput`, each `console.log(…) // text` line must print `text` (what comes before a `: ` or
 * ` (` in the comment; spaces do not count, so `[ 2, 4 ]` matches `[2, 4]`).
 */
function checkPrinted(title, code, stdout) {
  const expected = code
    .split('\n')
    .filter((l) => l.includes('console.log(') && l.includes('// '))
    .map((l) => l.slice(l.indexOf('// ') + 3).split(/: | \(/)[0]);
  const printed = stdout.split('\n');
  const squash = (text) => (text ?? '').replace(/\s+/g, '');
  expected.forEach((e, k) => {
    if (squash(printed[k]) !== squash(e)) throw new Error(`${title}: line ${k + 1} printed ${JSON.stringify(printed[k])}, the comment says ${JSON.stringify(e)}\n${code}`);
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  let failed = 0;
  for (const dir of process.argv.slice(2)) {
    for (const example of docExamples(dir)) {
      const where = `${dir}/${example.file}:${example.line}`;
      if (example.skip) {
        console.log(`skip ${where} (${example.skip})`);
        continue;
      }
      const { code, stderr } = await runDocExample(dir, example);
      if (code !== 0) failed++;
      console.log(`${code === 0 ? 'ok  ' : 'FAIL'} ${where}${code === 0 ? '' : `\n     ${stderr.trim().split('\n').slice(-3).join('\n     ')}`}`);
    }
  }
  process.exit(failed > 0 ? 1 : 0);
}
