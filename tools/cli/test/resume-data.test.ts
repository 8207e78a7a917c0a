// Issue 12 (weak point): a resume against a different --data file was accepted. The checkpoint now holds a
// fingerprint of its data (n, d, a hash of the first and last rows) and a mismatch is refused. Real processes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCheckpoint } from '@gradstream/trainer/node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-resume-data-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('train --resume CP --data OTHER.csv is refused, naming both datasets; the same file resumes', async () => {
  const files: string[] = [];
  for (const seed of ['1', '2']) {
    const { stdout } = await runCli(['generate', '--n', '200', '--seed', seed]);
    files.push(join(dir, `data-${seed}.csv`));
    writeFileSync(files.at(-1)!, stdout);
  }
  const cp = join(dir, 'run.ckpt.json');
  const first = await runCli(['train', '--data', files[0], '--epochs', '2', '--checkpoint', cp]);
  assert.is(first.code, 0, first.stderr);
  const saved = (await readCheckpoint(cp)).data.fingerprint!;
  assert.equal([saved.n, saved.d], [200, 2]);
  assert.match(saved.rows, /^[0-9a-f]{8}$/);

  const other = await runCli(['train', '--resume', cp, '--data', files[1]]);
  assert.is(other.code, 1);
  assert.match(
    other.stderr,
    new RegExp(`^gradstream: invalid argument\\. resume must continue on the data it was made on \\(n 200, d 2, first and last rows ${saved.rows}\\); this dataset differs \\(n 200, d 2, first and last rows (?!${saved.rows})[0-9a-f]{8}\\)\\. Value: .*\\n$`),
  );
  const same = await runCli(['train', '--resume', cp, '--data', files[0]]);
  assert.is(same.code, 0, same.stderr);
});

test.run();
