// Test helper: runs the ```ts code blocks of a package README as real programs, so the examples a
// reader copies cannot rot. Each block is written to a temporary file inside the package (so its
// imports resolve exactly as the reader's would) and run with tsx and the workspace's source condition.
//
// @example
// import { runReadmeExamples } from '../../../tools/scripts/readme-examples.mjs';
// const [first] = await runReadmeExamples(new URL('..', import.meta.url));
// assert.is(first.code, 0, first.stderr);
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The ```ts blocks of a markdown text, in order. */
export function tsBlocks(markdown) {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1]);
}

/**
 * Runs every ```ts block of `<packageDir>/README.md`; resolves to one `{ code, stdout, stderr }` per block.
 * @param {URL | string} packageDir
 * @param {{ timeoutMs?: number }} [options]
 */
export async function runReadmeExamples(packageDir, { timeoutMs = 60_000 } = {}) {
  const dir = typeof packageDir === 'string' ? packageDir : fileURLToPath(packageDir);
  const blocks = tsBlocks(readFileSync(join(dir, 'README.md'), 'utf8'));
  const results = [];
  for (const [i, code] of blocks.entries()) {
    const file = join(dir, `.readme-example-${process.pid}-${i}.ts`);
    writeFileSync(file, code);
    try {
      results.push(await run(file, dir, timeoutMs));
    } finally {
      rmSync(file, { force: true });
    }
  }
  return results;
}

function run(file, cwd, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=@gradstream/source', '--import', 'tsx', file], {
      cwd,
      env: { ...process.env, FORCE_COLOR: '0' },
      timeout: timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
