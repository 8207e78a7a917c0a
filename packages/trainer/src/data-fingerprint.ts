import { invalidArgument } from '@gradstream/data';
import type { DatasetLike } from './types.js';

/** What a checkpoint remembers of the data it was trained on: its shape and a hash of its first and last rows. */
export interface DataFingerprint {
  n: number;
  d: number;
  /** FNV-1a (32 bits, hex) of the bytes of row 0 and row n − 1 (features then label). */
  rows: string;
}

/**
 * The fingerprint of a dataset, stored in checkpoints so a resume on other data is refused (issue 12): a
 * different file almost always differs in n, d or its first or last row. Two rows are hashed, not all, so
 * it costs nothing per checkpoint.
 *
 * @example
 * import { syntheticLinear } from '@gradstream/data';
 * import { dataFingerprint } from './data-fingerprint.js';
 * const a = dataFingerprint(syntheticLinear({ n: 100, seed: 1 }));
 * console.log(a.n, a.d, a.rows === dataFingerprint(syntheticLinear({ n: 100, seed: 2 })).rows); // 100 2 false
 */
export function dataFingerprint(ds: DatasetLike): DataFingerprint {
  let hash = 0x811c9dc5;
  const mix = (values: Float64Array) => {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
  };
  for (const row of [0, ds.n - 1]) {
    mix(ds.X.subarray(row * ds.d, (row + 1) * ds.d));
    mix(ds.y.subarray(row, row + 1));
  }
  return { n: ds.n, d: ds.d, rows: hash.toString(16).padStart(8, '0') };
}

/** Refuses a resume on data other than the checkpoint's, naming both. */
export function checkFingerprint(saved: DataFingerprint, ds: DatasetLike): void {
  const now = dataFingerprint(ds);
  if (now.n === saved.n && now.d === saved.d && now.rows === saved.rows) return;
  const describe = (f: DataFingerprint) => `n ${f.n}, d ${f.d}, first and last rows ${f.rows}`;
  throw invalidArgument(
    'resume',
    `must continue on the data it was made on (${describe(saved)}); this dataset differs (${describe(now)})`,
    `checkpoint of ${saved.n}×${saved.d} data`,
  );
}
