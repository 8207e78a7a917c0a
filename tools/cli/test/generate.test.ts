import { spawn } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIN, CHILD_ENV, runCli } from './cli.js';

test('generate writes a CSV whose rows satisfy y ≈ X·w + b within the noise', async () => {
  const { code, stdout, stderr } = await runCli(['generate', '--n', '200', '--true-w', '1.5,-2,0.5', '--true-b', '-1', '--noise', '0.001', '--seed', '7']);
  assert.is(code, 0, stderr);
  const lines = stdout.trimEnd().split('\n');
  assert.is(lines[0], 'x1,x2,x3,y');
  assert.is(lines.length, 201);
  for (const line of lines.slice(1)) {
    const [x1, x2, x3, y] = line.split(',').map(Number);
    // 6 standard deviations of the noise: a wrong w, b or column order is far outside.
    assert.ok(Math.abs(1.5 * x1 - 2 * x2 + 0.5 * x3 - 1 - y) < 0.006, line);
  }
});

test('generate is seeded: same seed, same bytes; another seed, other data', async () => {
  const a = await runCli(['generate', '--n', '50', '--seed', '3']);
  const b = await runCli(['generate', '--n', '50', '--seed', '3']);
  const c = await runCli(['generate', '--n', '50', '--seed', '4']);
  assert.is(a.stdout, b.stdout);
  assert.is.not(a.stdout, c.stdout);
});

test('NDJSON and CSV carry the same numbers bit for bit', async () => {
  const csv = await runCli(['generate', '--n', '20', '--format', 'csv']);
  const ndjson = await runCli(['generate', '--n', '20', '--format', 'ndjson']);
  const fromCsv = csv.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(',').map(Number));
  const fromNdjson = ndjson.stdout.trimEnd().split('\n').map((l) => {
    const row = JSON.parse(l) as Record<string, number>;
    assert.equal(Object.keys(row), ['x1', 'x2', 'y']);
    return [row.x1, row.x2, row.y];
  });
  assert.equal(fromNdjson, fromCsv);
});

test('a reader that closes early (| head -1) ends generate quietly', async () => {
  const result = await new Promise<{ code: number | null; stderr: string; first: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'generate', '--n', '200000'], { env: CHILD_ENV });
    let stderr = '';
    let first = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Like `head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', (d: Buffer) => {
      first = d.toString().split('\n')[0];
      child.stdout.destroy();
    });
    child.on('close', (code) => resolve({ code, stderr, first }));
  });
  assert.is(result.first, 'x1,x2,y');
  assert.is(result.stderr, '');
  assert.is(result.code, 0);
});

test.run();
