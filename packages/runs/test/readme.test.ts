import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: a plain .mjs test helper without type declarations
import { runReadmeExamples } from '../../../tools/scripts/readme-examples.mjs';

test('the README example sweeps the issue\'s grid and prints the runs sorted by final loss', async () => {
  const [example] = (await runReadmeExamples(new URL('..', import.meta.url))) as { code: number; stdout: string; stderr: string }[];
  assert.is(example.code, 0, example.stderr);
  const lines = example.stdout.trim().split('\n');
  assert.equal(lines.slice(1, 9).map((l) => l.split(/\s+/).slice(0, 3).join(' ')), [
    'lr=0.3,bs=100,seed=42 done 5.0472e-5',
    'lr=0.03,bs=10,seed=42 done 5.0540e-5',
    'lr=0.3,bs=10,seed=42 done 5.5021e-5',
    'lr=0.03,bs=100,seed=42 done 2.6318e+0',
    'lr=0.003,bs=10,seed=42 done 2.6994e+0',
    'lr=0.003,bs=100,seed=42 done 1.3931e+1',
    'lr=3,bs=10,seed=42 diverged —',
    'lr=3,bs=100,seed=42 diverged —',
  ]);
  assert.is(lines.at(-1), 'lr=3,bs=100,seed=42: diverged');
});

test.run();
