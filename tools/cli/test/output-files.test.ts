// Issue 12 #3 and #12: `--checkpoint FILE` and `--record FILE` never clobber what is not theirs. An existing
// file that is not a checkpoint (or a recording), and anything that is not a regular file, is refused with
// the option and the path; --force overwrites a regular file; stale temp files of a killed checkpoint write
// are removed by the next run; a directory that cannot be made (/proc/…) is named at once instead of hanging.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCheckpoint } from '@gradstream/trainer/node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-output-files-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const QUICK = ['--n', '100', '--epochs', '1'];
const CSV = 'x1,x2,y\n1,2,3\n4,5,6\n7,8,9\n';

async function refused(args: string[], message: string): Promise<void> {
  const { code, stdout, stderr } = await runCli(args, { timeoutMs: 20_000 });
  assert.is(stderr, `gradstream: ${message}\n`);
  assert.is(code, 2);
  assert.is(stdout, '');
}

test('train --data data.csv --checkpoint data.csv (or --record data.csv) refuses, and the data is intact', async () => {
  const data = join(dir, 'data.csv');
  writeFileSync(data, CSV);
  await refused(['train', '--data', data, '--checkpoint', data], `invalid option. --checkpoint must name a checkpoint or a new file; ${data} exists and is not a gradstream checkpoint (--force overwrites it). Value: \`${data}\`.`);
  await refused(['train', '--data', data, '--record', data], `invalid option. --record must name a recording or a new file; ${data} exists and is not a gradstream recording (--force overwrites it). Value: \`${data}\`.`);
  assert.is(readFileSync(data, 'utf8'), CSV);
});

test('a FIFO, a directory or a path under a file is refused even with --force', async () => {
  // A FIFO of our own, not a real device: a regression must not be able to replace /dev/null.
  const fifo = join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  await refused(['train', ...QUICK, '--checkpoint', fifo, '--force'], `invalid option. --checkpoint must name a regular file; ${fifo} is a FIFO. Value: \`${fifo}\`.`);
  await refused(['train', ...QUICK, '--record', dir], `invalid option. --record must name a regular file; ${dir} is a directory. Value: \`${dir}\`.`);
  const file = join(dir, 'plain.txt');
  writeFileSync(file, 'x');
  const under = join(file, 'run.json');
  await refused(['train', ...QUICK, '--checkpoint', under], `invalid option. --checkpoint must be in a directory; ${file} is a regular file. Value: \`${under}\`.`);
});

test('--checkpoint under /proc is named at once instead of hanging in mkdir', async () => {
  const path = '/proc/gradstream-test/run/ckpt.json';
  await refused(['train', ...QUICK, '--checkpoint', path], `invalid option. --checkpoint must be in a directory that exists or can be made; mkdir /proc/gradstream-test failed (ENOENT). Value: \`${path}\`.`);
});

test('--force overwrites a file that is not a checkpoint or a recording; a checkpoint or recording is overwritten without it', async () => {
  const notes = join(dir, 'notes.txt');
  writeFileSync(notes, 'keep me?');
  const forced = await runCli(['train', ...QUICK, '--checkpoint', notes, '--force']);
  assert.is(forced.code, 0, forced.stderr);
  assert.is((await readCheckpoint(notes)).position.globalStep, 10);
  const again = await runCli(['train', ...QUICK, '--checkpoint', notes]);
  assert.is(again.code, 0, again.stderr);
  const record = join(dir, 'run.ndjson');
  for (let i = 0; i < 2; i++) {
    const { code, stderr } = await runCli(['train', ...QUICK, '--record', record]);
    assert.is(code, 0, stderr);
  }
});

test('temp files left by a killed checkpoint write are removed by the next run; a live writer\'s are kept', async () => {
  const cp = join(dir, 'stale.ckpt.json');
  const dead = `${cp}.999999999.3.tmp`; // no such process
  const live = `${cp}.${process.pid}.1.tmp`; // this test is alive
  writeFileSync(dead, '{"v":1,');
  writeFileSync(live, '{"v":1,');
  const { code, stderr } = await runCli(['train', ...QUICK, '--checkpoint', cp]);
  assert.is(code, 0, stderr);
  assert.not.ok(existsSync(dead), 'the dead writer\'s temp file is gone');
  assert.ok(existsSync(live), 'a live writer\'s temp file stays');
});

test.run();
