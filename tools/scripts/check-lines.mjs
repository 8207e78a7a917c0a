#!/usr/bin/env node
// The line budget: no source file over 250 lines (tests and benchmarks aside), and each package's
// non-test source lines, printed so the README can state them. Exits 1 and names every file over budget.
//
//   node tools/scripts/check-lines.mjs            the table and the offenders
//   node tools/scripts/check-lines.mjs --readme   also rewrites the table in README.md (between its markers)
//
// @example
// import { lineCounts } from './check-lines.mjs';
// const { packages, overBudget } = lineCounts('.');
// console.log(packages.length > 0, overBudget.length >= 0); // true true
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAX_LINES = 250;

/** Where each package's sources live, relative to the repository root. */
export const PACKAGES = [
  { name: 'events', dirs: ['packages/events/src'] },
  { name: 'data', dirs: ['packages/data/src'] },
  { name: 'autograd', dirs: ['packages/autograd/src'] },
  { name: 'trainer', dirs: ['packages/trainer/src'] },
  { name: 'monitor', dirs: ['packages/monitor/src', 'packages/monitor/dashboard/src'] },
  { name: 'redis', dirs: ['packages/redis/src'] },
  { name: 'runs', dirs: ['packages/runs/src'] },
  { name: 'cli', dirs: ['tools/cli/src', 'tools/cli/bin'] },
  { name: 'scripts', dirs: ['tools/scripts'] },
];

const isTestOrBench = (path) => /(^|\/)(test|tests|bench)(\/|$)|\.(test|bench)\.[cm]?[jt]s$/.test(path);

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : files(path);
    return /\.(ts|mjs|js)$/.test(name) && !name.endsWith('.d.ts') && !name.startsWith('.') ? [path] : [];
  });
}

function countLines(text) {
  return text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Every non-test, non-bench source file of a package (absolute paths). */
export function sourceFiles(root, { dirs }) {
  return dirs.flatMap((d) => files(join(root, d))).filter((path) => !isTestOrBench(relative(root, path)));
}

/** Per package: its non-test source files and lines; and every file over {@link MAX_LINES}. */
export function lineCounts(root) {
  const overBudget = [];
  const packages = PACKAGES.map(({ name, dirs }) => {
    let lines = 0;
    let count = 0;
    for (const path of sourceFiles(root, { dirs })) {
      const rel = relative(root, path);
      const n = countLines(readFileSync(path, 'utf8'));
      lines += n;
      count++;
      if (n > MAX_LINES) overBudget.push({ file: rel, lines: n });
    }
    return { name, files: count, lines };
  });
  return { packages, overBudget };
}

/** The table the README shows. */
export function markdownTable(packages) {
  const rows = packages.map((p) => `| ${p.name} | ${p.files} | ${p.lines} |`);
  return ['| package | source files | source lines |', '|---|---:|---:|', ...rows].join('\n');
}

const BEGIN = '<!-- source-lines:begin -->';
const END = '<!-- source-lines:end -->';

function main() {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const { packages, overBudget } = lineCounts(root);
  console.log(markdownTable(packages));
  if (process.argv.includes('--readme')) {
    const readme = join(root, 'README.md');
    const text = readFileSync(readme, 'utf8');
    const at = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    if (at < 0 || end < at) throw new Error(`README.md has no ${BEGIN} … ${END} markers`);
    writeFileSync(readme, `${text.slice(0, at + BEGIN.length)}\n${markdownTable(packages)}\n${text.slice(end)}`);
  }
  for (const { file, lines } of overBudget) console.log(`over budget: ${file} has ${lines} lines (at most ${MAX_LINES})`);
  process.exit(overBudget.length > 0 ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
