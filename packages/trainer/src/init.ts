/**
 * d2l's initial parameters: w ~ N(0, 0.01²), b = 0, from a small seeded generator (mulberry32 +
 * Box–Muller) so the same seed gives the same start. A full MT19937 costs ~40 µs just to seed — a
 * tenth of a whole lesson-sized run — for two numbers.
 */
import { DEFAULT_SEED } from '@gradstream/data';
import { invalidArgument } from '@gradstream/data';

export { DEFAULT_SEED };

/**
 * Draws w ~ N(0, 0.01²) for `d` features (b = 0).
 *
 * @example
 * import { initialParameters } from '@gradstream/trainer';
 * const { w, b } = initialParameters(2, 42);
 * console.log(w.length, b); // 2 0
 */
export function initialParameters(d: number, seed: number = DEFAULT_SEED): { w: number[]; b: number } {
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) throw invalidArgument('d', 'must be a positive integer', d);
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw invalidArgument('seed', 'must be an integer between 0 and 4294967295', seed);
  }
  // Mixed with a constant so seed s does not give the same stream as another generator seeded with s.
  let a = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const w: number[] = [];
  for (let j = 0; j < d; j++) {
    const u1 = 1 - uniform(); // (0, 1]: log is finite
    const u2 = uniform();
    w.push(0.01 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
  }
  return { w, b: 0 };
}
