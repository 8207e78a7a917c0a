// --data and --stdin read their rows through @gradstream/data's readDataset; what goes wrong names the
// option and the file (issue 12 #11: a bare "EISDIR" told the user nothing).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import { useTempDirs } from './temp-dirs.js';
import * as assert from 'uvu/assert';
import { runCli } from './cli.js';

const tmp = useTempDirs(test)('gradstream-data-option-');

test('--data naming a directory says so, with the option and the path', async () => {
  const { code, stderr } = await runCli(['train', '--data', tmp]);
  assert.is(code, 1);
  assert.is(stderr, `gradstream: --data: expected a file, found a directory: ${tmp}.\n`);
});

test('--data naming a missing file says so, with the option and the path', async () => {
  const missing = join(tmp, 'none.csv');
  const { code, stderr } = await runCli(['train', '--data', missing]);
  assert.is(code, 1);
  assert.is(stderr, `gradstream: --data: file not found: ${missing}.\n`);
});

test('--data and --stdin sniff NDJSON from the first character, whatever the file is called', async () => {
  const file = join(tmp, 'rows.txt');
  const rows = Array.from({ length: 20 }, (_, i) => JSON.stringify({ x: i / 10, y: 1 + 2 * (i / 10) })).join('\n');
  writeFileSync(file, rows);
  const fromFile = await runCli(['train', '--data', file, '--epochs', '1', '--batch-size', '5']);
  assert.is(fromFile.code, 0, fromFile.stderr);
  // A producer on a pipe ends its lines (a file need not end its last one).
  const fromStdin = await runCli(['train', '--stdin', '--epochs', '1', '--batch-size', '5'], { input: rows + '\n' });
  assert.is(fromStdin.code, 0, fromStdin.stderr);
});

test('--stdin cut off in the middle of a row (its producer killed mid-write) is refused, naming the line', async () => {
  const { code, stderr } = await runCli(['train', '--stdin'], { input: 'x1,x2,y\n1,2,3\n4,5,6.2' });
  assert.is(code, 1);
  assert.match(stderr, 'stdin:3: the input ended in the middle of a row (no line end after it): its producer was cut off, so the row may be half-written');
});

test('--stdin with a header and no rows has nothing to train on', async () => {
  const { code, stderr } = await runCli(['train', '--stdin'], { input: 'x1,x2,y\n' });
  assert.is(code, 1);
  assert.is(stderr, 'gradstream: stdin: no data rows (its first line is read as the header of column names)\n');
});

test.run();
