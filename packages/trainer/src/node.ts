/**
 * `@gradstream/trainer/node`: the parts of the trainer that need Node's file system — checkpoint files and
 * reference trajectory files. Importing it also lets `train()` write `checkpoint: { path }` files. Everything
 * else is in `@gradstream/trainer` and runs in a browser as well.
 *
 * @example
 * import { lastValueFrom } from 'rxjs';
 * import { trainLinearRegression } from '@gradstream/trainer';
 * import { readCheckpoint } from '@gradstream/trainer/node';
 * await lastValueFrom(trainLinearRegression({ epochs: 1, checkpoint: { path: '/tmp/gradstream-node-entry.json' } }));
 * console.log((await readCheckpoint('/tmp/gradstream-node-entry.json')).position); // { epoch: 2, index: 0, globalStep: 100 }
 */
import { writeCheckpointSync } from './checkpoint-file.js';
import { setCheckpointWriter } from './checkpoint-writer.js';

setCheckpointWriter(writeCheckpointSync);

export { readCheckpoint, writeCheckpoint, writeCheckpointSync } from './checkpoint-file.js';
export { readFixture, readReference } from './reference-file.js';
