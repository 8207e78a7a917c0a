/**
 * At most `capacity` items of a stream: all of them while they fit, then the first, evenly spaced
 * ones and always the latest. The hello sends epochs this way, so a 300,000-epoch run's hello stays
 * as small as a 512-epoch one; `count` says how many items there were.
 *
 * Items whose arrival index is a multiple of `stride` are kept; when more than `capacity` are kept,
 * the stride doubles and every other kept item goes (the survivors are still multiples of it). So
 * memory is O(capacity) and each item costs O(1) amortised.
 *
 * @example
 * import { EvenSample } from './even-sample.js';
 * const s = new EvenSample<number>(4);
 * for (let i = 1; i <= 10; i++) s.add(i);
 * console.log(s.items(), s.count); // [ 1, 5, 9, 10 ] 10
 */
export class EvenSample<T> {
  readonly capacity: number;
  /** Items seen so far. */
  count = 0;
  #kept: T[] = [];
  #stride = 1;
  #latest: T | undefined;
  #items: T[] | null = null;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) {
      throw new RangeError(`invalid argument. capacity must be an integer ≥ 2. Value: \`${capacity}\`.`);
    }
    this.capacity = capacity;
  }

  add(item: T): void {
    if (this.count % this.#stride === 0) {
      this.#kept.push(item);
      if (this.#kept.length > this.capacity) {
        this.#kept = this.#kept.filter((_, i) => i % 2 === 0);
        this.#stride *= 2;
      }
    }
    this.#latest = item;
    this.count++;
    this.#items = null;
  }

  /** The sample, oldest first, ending with the latest item; the same array until the next `add`. */
  items(): readonly T[] {
    if (this.#items) return this.#items;
    const kept = this.#kept;
    if (this.#latest === undefined || kept[kept.length - 1] === this.#latest) this.#items = [...kept];
    // The latest always shows; when the sample is full it takes the place of the newest spaced item.
    else this.#items = [...kept.slice(0, kept.length < this.capacity ? kept.length : -1), this.#latest];
    return this.#items;
  }

  clear(): void {
    this.count = 0;
    this.#kept = [];
    this.#stride = 1;
    this.#latest = undefined;
    this.#items = null;
  }
}
