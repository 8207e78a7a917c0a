/**
 * Checkpoint files (Node only, exported by `@gradstream/trainer/node`): written atomically (a temp file in
 * the same directory, then a rename), read back through validateCheckpoint.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { validateCheckpoint, type Checkpoint } from './checkpoint.js';
import { readJsonFile } from './read-json.js';

/**
 * Writes a checkpoint atomically: a temp file in the same directory, then a rename over `path`.
 *
 * @example
 * import { lastValueFrom } from 'rxjs';
 * import { trainLinearRegression } from '@gradstream/trainer';
 * import { readCheckpoint, writeCheckpoint } from '@gradstream/trainer/node';
 * await lastValueFrom(trainLinearRegression({ epochs: 1, checkpoint: { path: '/tmp/lesson.ckpt.json' } }));
 * const cp = await readCheckpoint('/tmp/lesson.ckpt.json');
 * await writeCheckpoint('/tmp/lesson-copy.ckpt.json', cp);
 * console.log(cp.position); // { epoch: 2, index: 0, globalStep: 100 }
 */
export async function writeCheckpoint(path: string, cp: Checkpoint): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempName(path);
  await writeFile(tmp, JSON.stringify(cp));
  await rename(tmp, path);
}

/**
 * Synchronous `writeCheckpoint`, used inside the training loop so the file on disk always matches the
 * event just emitted (an async write would land after the synchronous stream had moved on).
 *
 * @example
 * import { readCheckpoint, writeCheckpointSync } from '@gradstream/trainer/node';
 * const cp = await readCheckpoint('/tmp/lesson.ckpt.json');
 * writeCheckpointSync('/tmp/lesson.ckpt.json', { ...cp, savedAt: Date.now() });
 */
export function writeCheckpointSync(path: string, cp: Checkpoint): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempName(path);
  writeFileSync(tmp, JSON.stringify(cp));
  renameSync(tmp, path);
}

let counter = 0;
function tempName(path: string): string {
  return `${path}.${process.pid}.${++counter}.tmp`;
}

/**
 * Reads and validates a checkpoint; errors name the file, the field, the rule and the value.
 *
 * @example
 * import { trainLinearRegression } from '@gradstream/trainer';
 * import { readCheckpoint } from '@gradstream/trainer/node';
 * const cp = await readCheckpoint('/tmp/lesson.ckpt.json');
 * // the lesson pairs the stream position for you; by hand: minibatches(ds, { …, startAt: cp.position }).pipe(train({ …, resume: cp }))
 * trainLinearRegression({ resume: cp }).subscribe((e) => e.type === 'epoch' && console.log(e.epoch, e.loss));
 */
export async function readCheckpoint(path: string): Promise<Checkpoint> {
  return validateCheckpoint(await readJsonFile(path, 'checkpoint'), path);
}
