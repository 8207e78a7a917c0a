/**
 * A bounded table of points (x and any number of y columns) for the parameter charts.
 *
 * Parameters move smoothly, so thinning is simple: when the table is full, every other row is
 * dropped (the newest row is always kept), halving it. Amortised O(1) per row; memory and drawing
 * time stay fixed however long the run.
 *
 * @example
 * const s = new BoundedSeries(2, 4);
 * for (let x = 1; x <= 9; x++) s.push(x, [x, -x]);
 * s.x.length <= 4 && s.x[s.x.length - 1] === 9; // true
 */
export class BoundedSeries {
  readonly capacity: number;
  x: number[] = [];
  columns: (number | null)[][];

  /**
   * @param width - number of y columns
   * @param capacity - the most rows kept (an even integer ≥ 2)
   */
  constructor(width: number, capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2 || capacity % 2 !== 0) {
      throw new RangeError(`invalid argument. capacity must be an even integer ≥ 2. Value: \`${capacity}\`.`);
    }
    this.capacity = capacity;
    this.columns = Array.from({ length: width }, () => []);
  }

  /** Appends a row; a row at or before the last x is ignored (a resent frame). */
  push(x: number, ys: readonly (number | null)[]): void {
    const n = this.x.length;
    if (n > 0 && x <= this.x[n - 1]) return;
    this.x.push(x);
    for (let j = 0; j < this.columns.length; j++) this.columns[j].push(ys[j] ?? null);
    if (this.x.length > this.capacity) this.#thin();
  }

  clear(): void {
    this.x = [];
    this.columns = this.columns.map(() => []);
  }

  // Keeps rows with an odd distance from the end, so the newest row survives every thinning.
  #thin(): void {
    const n = this.x.length;
    const keep = (i: number) => (n - 1 - i) % 2 === 0;
    this.x = this.x.filter((_, i) => keep(i));
    this.columns = this.columns.map((c) => c.filter((_, i) => keep(i)));
  }
}
