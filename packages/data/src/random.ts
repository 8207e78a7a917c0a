import mt19937 from '@stdlib/random-base-mt19937';

/**
 * Seeded generators. Every random stream of the package is an MT19937 generator keyed by an array of
 * unsigned 32-bit integers (`init_by_array`), so a stream is a pure function of (seed, purpose, …):
 * the data of a seed never depends on how the shuffles were drawn, and epoch 3's permutation can be
 * drawn without replaying epochs 1–2.
 */

/** Purpose tags that keep the streams of one seed apart ('data', 'shuf', 'buff' in ASCII). */
export const STREAM = { data: 0x6461_7461, shuffle: 0x7368_7566, buffer: 0x6275_6666 } as const;

/** A uniform `[0, 1)` generator with 53-bit resolution (MT19937's `genrand_res53`: two draws per number). */
export function uniformGenerator(key: readonly number[]): () => number {
  const prng = mt19937.factory({ seed: Uint32Array.from(key) });
  // stdlib attaches `normalized` at run time; its 0.2 typings omit it from the factory's return type.
  return (prng as unknown as { normalized: () => number }).normalized;
}

/** The raw 32-bit generator for a key. */
export function uint32Generator(key: readonly number[]): () => number {
  return mt19937.factory({ seed: Uint32Array.from(key) });
}

/**
 * A generator of unbiased integers in `[0, m)` for `1 ≤ m ≤ 2^32`. Uses rejection so small ranges
 * carry no modulo bias (the rejection rate is below 50 % and, for the lesson's m ≤ 1000, about 2e-7).
 */
export function randomIntGenerator(key: readonly number[]): (m: number) => number {
  const next = uint32Generator(key);
  return (m: number): number => {
    const limit = 4294967296 - (4294967296 % m);
    let r = next();
    while (r >= limit) r = next();
    return r % m;
  };
}
