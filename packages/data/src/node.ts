/**
 * `@gradstream/data/node`: the parts of the package that need Node — reading and writing CSV/NDJSON files,
 * and rows streamed from a file or a Node stream such as `process.stdin`. Everything else (datasets,
 * shuffles, minibatches, the operators) is in `@gradstream/data` and runs in a browser as well.
 *
 * @example
 * import { syntheticLinear } from '@gradstream/data';
 * import { readCsv, writeCsv } from '@gradstream/data/node';
 * await writeCsv('/tmp/gradstream-node-entry.csv', syntheticLinear({ n: 4, seed: 1 }));
 * console.log((await readCsv('/tmp/gradstream-node-entry.csv')).n); // 4
 */
export { rows$ } from './rows-source.js';
export { fileBatches$ } from './file-batches.js';
export type { FileBatchesOptions } from './file-batches.js';
export type { RowsOptions } from './rows.js';
export { readCsv, readDataset, readNdjson } from './read.js';
export type { ReadDatasetOptions, ReadOptions } from './read.js';
export { writeCsv, writeNdjson } from './write.js';
export { Float64RowWriter, spillRows } from './float64-rows.js';
export type { Spilled } from './float64-rows.js';
export { float64Batches$ } from './float64-batches.js';
export type { Float64BatchesOptions } from './float64-batches.js';
export { scanRows$, spillStream$ } from './source-shape.js';
export type { SourceShape } from './source-shape.js';
