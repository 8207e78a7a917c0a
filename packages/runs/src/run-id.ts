/**
 * Readable run ids: the hyperparameters a person compares runs by, `lr=0.03,bs=10,seed=42` (with
 * `opt=adam` when the optimizer is not plain SGD). A directory already taken by another run gets a
 * suffix: `lr=0.03,bs=10,seed=42,run=2`, `…,run=3`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JobConfig } from './job.js';

/**
 * The readable id of a config (before any suffix).
 *
 * @example
 * import { jobConfig, runIdOf } from '@gradstream/runs';
 * console.log(runIdOf(jobConfig({ lr: 0.03 })));                      // lr=0.03,bs=10,seed=42
 * console.log(runIdOf(jobConfig({ lr: 0.3, optimizer: 'adam', seed: 1 }))); // lr=0.3,bs=10,opt=adam,seed=1
 */
export function runIdOf(config: JobConfig): string {
  const opt = config.optimizer === 'sgd' ? '' : `,opt=${config.optimizer}`;
  return `lr=${config.lr},bs=${config.batchSize}${opt},seed=${config.seed}`;
}

/**
 * Creates `dir/<id>` (and `dir`), or `dir/<id>,run=2`, `…,run=3` when taken, and returns the id it got.
 * The directory is made with one `mkdir` that fails when it exists, so two processes never get the same one.
 */
export function claimRunDir(dir: string, id: string): string {
  mkdirSync(dir, { recursive: true });
  for (let k = 1; ; k++) {
    const candidate = k === 1 ? id : `${id},run=${k}`;
    try {
      mkdirSync(join(dir, candidate));
      return candidate;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
