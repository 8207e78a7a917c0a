import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHILD_ENV } from './cli.js';

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const BIN_DIR = fileURLToPath(new URL('../../../node_modules/.bin', import.meta.url));
const readme = readFileSync(join(CLI_DIR, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1]);
// One directory for all blocks, in order: later examples use files earlier ones wrote (run.ndjson).
const cwd = mkdtempSync(join(tmpdir(), 'gradstream-readme-'));

function bash(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-eo', 'pipefail', '-c', script], {
      cwd,
      env: { ...CHILD_ENV, PATH: `${BIN_DIR}${delimiter}${process.env.PATH}`, GRADSTREAM_CLI_DIR: CLI_DIR },
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('the README has runnable examples', () => {
  assert.ok(blocks.length >= 8, `found ${blocks.length} sh blocks`);
});

blocks.forEach((block, i) => {
  const title = block.split('\n')[0];
  test(`README example ${i + 1} runs: ${title}`, async () => {
    const { code, stdout, stderr } = await bash(block);
    assert.is(code, 0, `${block}\nstderr: ${stderr}`);
    const output = stdout + stderr;
    assert.ok(output.trim().length > 0 || !block.includes('# prints:'), 'prints something');
    // A line of the output starts with what `# prints:` shows (leading spaces aside), or, when it starts with `…`,
    // holds the rest somewhere. Anywhere in the whole output was too loose: `# prints: 305` passed on a count of 308
    // because "305" came up inside a number of another line.
    const lines = output.split('\n').map((line) => line.trimStart());
    for (const [, expected] of block.matchAll(/^# prints: (.*)$/gm)) {
      const found = expected!.startsWith('…') ? lines.some((line) => line.includes(expected!.slice(1))) : lines.some((line) => line.startsWith(expected!));
      assert.ok(found, `expected a line ${expected!.startsWith('…') ? 'holding' : 'starting with'} "${expected}" in the output of:\n${block}\n--- output:\n${output}`);
    }
  });
});

test.after(() => rmSync(cwd, { recursive: true, force: true }));

test.run();
