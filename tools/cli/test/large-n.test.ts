// Issue 12 #7: an oversized --n. A size whose arrays exceed the memory available is refused before anything
// is allocated, naming --n and the limit; a large size that fits is drawn in slices, so SIGTERM stops the
// draw (exit 143) instead of waiting for gigabytes of random numbers. Real processes, a real signal.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, startCli } from './cli.js';

for (const command of ['train', 'generate', 'explain']) {
  test(`${command} --n 100000000000 is refused with the limit of this machine (exit 2)`, async () => {
    const { code, stdout, stderr } = await runCli([command, '--n', '100000000000']);
    assert.match(stderr, /^gradstream: invalid option\. --n must be at most \d+ on this machine \(100000000000 rows of 2 features need \d+\.\d GB; \d+\.\d GB of memory is available\)\. Value: `100000000000`\.\n$/);
    assert.is(code, 2);
    assert.is(stdout, '');
  });
}

test('train --n 40000000: SIGTERM while the data is drawn stops the draw, exit 143', async () => {
  const child = startCli(['train', '--n', '40000000']);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (stdout.includes('drawing 40000000 rows of synthetic data…')) child.kill('SIGTERM');
  });
  const giveUp = setTimeout(() => child.kill('SIGKILL'), 60_000); // a regression must not train 40M rows for minutes
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(giveUp);
  assert.is(code, 143, stderr);
  assert.match(stderr, /^gradstream: interrupted by SIGTERM while drawing the data \(\d+% of 40000000 rows\)\.\n$/);
  assert.not.match(stdout, /epoch 1/);
});

test.run();
