/**
 * Checks of each batch against the run (on the hot path: messages are built only when a check fails),
 * and the diagnosis of bad data, so a NaN in the data is reported as bad data, not as divergence.
 * Batches and rows are named 1-based everywhere, as a person counts them.
 */
import type { LossHead } from './models/loss-heads.js';
import type { BatchLike, DatasetLike } from './types.js';

/** Why a batch cannot be trained on, or undefined when it fits a run with `d` features. */
export function batchProblem(b: BatchLike, d: number, batchSize: number | undefined): string | undefined {
  if (!Number.isInteger(b.epoch) || b.epoch < 1) return badBatch(b, `epoch must be a positive integer. Value: \`${b.epoch}\`.`);
  if (!Number.isInteger(b.size) || b.size < 1) return badBatch(b, `size must be a positive integer. Value: \`${b.size}\`.`);
  if (b.d !== d) return badBatch(b, `d must be ${d} (the run's feature count). Value: \`${b.d}\`.`);
  if (!(b.X instanceof Float64Array) || b.X.length < b.size * b.d) {
    return badBatch(b, `X must be a Float64Array of at least size·d = ${b.size * b.d} entries. Value: \`${b.X?.length}\`.`);
  }
  if (!(b.y instanceof Float64Array) || b.y.length < b.size) {
    return badBatch(b, `y must be a Float64Array of at least size = ${b.size} entries. Value: \`${b.y?.length}\`.`);
  }
  // The run event and checkpoints record the stream's batch size: batches that contradict it would make them lie.
  if (batchSize !== undefined && (b.size > batchSize || (b.size < batchSize && b.last === false))) {
    return badBatch(b, `size must be the stream's batchSize ${batchSize} (only the last batch of an epoch may be shorter). Value: \`${b.size}\`.`);
  }
  return undefined;
}

/**
 * A classifier's labels must be what its loss reads (class indices, ±1, 0/1): the first row that is not, or
 * undefined. Checked on every batch, as a wrong label would otherwise train silently on nonsense.
 */
export function labelProblem(b: BatchLike, head: LossHead, outputs: number): string | undefined {
  for (let k = 0; k < b.size; k++) {
    if (!head.validLabel(b.y[k], outputs)) {
      const row = b.indices ? `row ${k + 1} (dataset row ${b.indices[k] + 1})` : `row ${k + 1}`;
      return badBatch(b, `y[${row}] must be ${head.labels} for the ${head.name} loss. Value: \`${b.y[k]}\`.`);
    }
  }
  return undefined;
}

function badBatch(b: BatchLike, problem: string): string {
  const index = typeof b.index === 'number' ? b.index + 1 : '?';
  return `invalid batch ${index} of epoch ${b.epoch ?? '?'}. ${problem}`;
}

/** Describes the first NaN or ±Infinity in a batch (`X[row 3 (dataset row 17), feature 2] = NaN`), or undefined. */
export function nonFiniteInBatch(batch: BatchLike): string | undefined {
  const { X, y, size, d } = batch;
  const rowName = (k: number) => (batch.indices ? `row ${k + 1} (dataset row ${batch.indices[k] + 1})` : `row ${k + 1}`);
  for (let k = 0; k < size; k++) {
    for (let j = 0; j < d; j++) if (!Number.isFinite(X[k * d + j])) return `X[${rowName(k)}, feature ${j + 1}] = ${X[k * d + j]}`;
    if (!Number.isFinite(y[k])) return `y[${rowName(k)}] = ${y[k]}`;
  }
  return undefined;
}

/** The first NaN or ±Infinity of an in-memory dataset (`X[row 96, feature 1] = NaN`), or undefined. */
export function nonFiniteInDataset(ds: DatasetLike): string | undefined {
  for (let i = 0; i < ds.n; i++) {
    for (let j = 0; j < ds.d; j++) if (!Number.isFinite(ds.X[i * ds.d + j])) return `X[row ${i + 1}, feature ${j + 1}] = ${ds.X[i * ds.d + j]}`;
    if (!Number.isFinite(ds.y[i])) return `y[row ${i + 1}] = ${ds.y[i]}`;
  }
  return undefined;
}
