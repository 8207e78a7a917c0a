import { randomIntGenerator, STREAM } from './random.js';

/** Purpose tag of the row-order stream of the classification generators ('rows' in ASCII). */
const ROWS = 0x726f_7773;

/**
 * A seeded permutation of `0 … n−1` (Fisher–Yates), from its own MT19937 stream keyed by
 * `(seed, data, rows)`: the generators use it to mix their classes, as sklearn's `shuffle=True` does,
 * so that a file or an unshuffled stream of blobs or moons does not list one class after another.
 * Its own stream keeps the features of a seed independent of how the rows were ordered.
 * @internal
 */
export function rowPermutation(n: number, seed: number): Uint32Array {
  const below = randomIntGenerator([seed, STREAM.data, ROWS]);
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = below(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
