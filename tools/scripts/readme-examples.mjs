// Test helper: runs the ```ts code blocks of the READMEs as real programs, the way a reader runs one
// after `npm ci`: the block is copied into a file inside the clone, away from its package
// (`<root>/.readme-examples/`), and run from the repository root with plain `npx tsx file.ts`: no flags,
// no build. So an example that only works next to its package's files, or only with a flag, fails here.
// Where a README shows what a block prints (a ```text block right after it), the output must contain it.
//
// @example
// import { runReadmeExamples } from '../../../tools/scripts/readme-examples.mjs';
// const [first] = await runReadmeExamples(new URL('..', import.meta.url));
// assert.is(first.code, 0, first.stderr);
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.nx', '.readme-examples', 'artifacts']);

/** The ```ts blocks of a markdown text, in order. */
export function tsBlocks(markdown) {
  return examplesOf(markdown).map((e) => e.code);
}

/**
 * The ```ts blocks of a markdown text with what the text shows they print: `shown` is the body of a
 * ```text block that follows the ts block with only blank lines between them (else undefined).
 */
export function examplesOf(markdown) {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```[ \t]*(?:\n|$)(?:[ \t]*\n)*(?:```text\n([\s\S]*?)^```)?/gm)].map((m) => ({ code: m[1], shown: m[2] }));
}

/** Every README.md of the clone (repository-relative paths), dependencies and build output aside. */
export function readmes(root = ROOT) {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (!SKIP_DIRS.has(name) && !name.startsWith('.')) walk(path);
      } else if (name === 'README.md') found.push(relative(root, path));
    }
  };
  walk(root);
  return found;
}

/**
 * The lines of `shown` that `stdout` lacks, in order (`…` in a shown line stands for any text; spaces
 * at the ends of a line do not count). Empty when everything shown was printed.
 */
export function missingOutput(shown, stdout) {
  const printed = stdout.split('\n').map((l) => l.trim());
  const missing = [];
  let at = 0;
  for (const line of shown.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const pattern = new RegExp(`^${line.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    const k = printed.findIndex((p, i) => i >= at && pattern.test(p));
    if (k < 0) missing.push(line);
    else at = k + 1;
  }
  return missing;
}

/**
 * Runs every ```ts block of `<packageDir>/README.md`; resolves to one `{ code, stdout, stderr, shown }` per block.
 * @param {URL | string} packageDir
 * @param {{ timeoutMs?: number }} [options]
 */
export async function runReadmeExamples(packageDir, { timeoutMs = 60_000 } = {}) {
  const dir = typeof packageDir === 'string' ? resolve(packageDir) : fileURLToPath(packageDir);
  const readme = join(dir, 'README.md');
  const results = [];
  for (const [i, example] of examplesOf(readFileSync(readme, 'utf8')).entries()) {
    results.push({ ...(await runExample(example.code, `${relative(ROOT, dir).replaceAll('/', '-') || 'root'}-${i}`, timeoutMs)), shown: example.shown });
  }
  return results;
}

/** Writes `code` to `<root>/.readme-examples/<name>-<pid>.ts` and runs `npx tsx` on it from the root. */
export async function runExample(code, name, timeoutMs = 60_000) {
  const dir = join(ROOT, '.readme-examples');
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${process.pid}.ts`);
  writeFileSync(file, code);
  try {
    return await run(['tsx', relative(ROOT, file)], ROOT, timeoutMs);
  } finally {
    rmSync(file, { force: true });
  }
}

function run(args, cwd, timeoutMs) {
  return new Promise((done) => {
    // npx starts node, which starts tsx's child: a process group, so a timeout stops all of them.
    const child = spawn('npx', args, { cwd, env: { ...process.env, FORCE_COLOR: '0' }, detached: true });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code: code ?? `killed by ${signal} (timeout ${timeoutMs} ms?)`, stdout, stderr });
    });
  });
}
