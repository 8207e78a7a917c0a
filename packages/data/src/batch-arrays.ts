/** The three arrays of one batch. */
export interface BatchArrays {
  indices: Uint32Array;
  X: Float64Array;
  y: Float64Array;
}

/** Chunks stay small so that `take(3)` on a huge dataset allocates little and a kept batch pins little. */
const CHUNK_BYTES = 64 * 1024;
const MAX_BATCHES_PER_CHUNK = 64;

/**
 * Hands out fresh, never-reused arrays for batches, carved from shared chunks.
 *
 * Why: a typed array above 64 bytes gets its own off-heap backing store in V8, which costs ~300–400 ns to
 * allocate, and a lesson batch needs two of those (X is 160 bytes, y 80). Views into one `ArrayBuffer` of
 * up to 64 batches cost ~35 ns each. A batch's arrays are still its own: no other batch's view overlaps
 * them and the producer never writes them again; a kept batch keeps its chunk (≤ 64 KiB) alive.
 *
 * Layout of a slot (one batch of up to `batchSize` rows): X (batchSize·d float64), y (batchSize float64),
 * indices (batchSize uint32, padded to 8 bytes).
 */
export class BatchArena {
  private readonly slotBytes: number;
  private readonly perChunk: number;
  private buffer: ArrayBuffer | undefined;
  private used = 0;

  constructor(
    private readonly batchSize: number,
    private readonly d: number,
  ) {
    this.slotBytes = batchSize * d * 8 + batchSize * 8 + Math.ceil((batchSize * 4) / 8) * 8;
    this.perChunk = Math.max(1, Math.min(MAX_BATCHES_PER_CHUNK, Math.floor(CHUNK_BYTES / this.slotBytes)));
  }

  /** Fresh arrays for a batch of `size ≤ batchSize` rows. */
  take(size: number): BatchArrays {
    if (this.buffer === undefined || this.used === this.perChunk) {
      this.buffer = new ArrayBuffer(this.perChunk * this.slotBytes);
      this.used = 0;
    }
    const { batchSize, d } = this;
    const base = this.used++ * this.slotBytes;
    return {
      X: new Float64Array(this.buffer, base, size * d),
      y: new Float64Array(this.buffer, base + batchSize * d * 8, size),
      indices: new Uint32Array(this.buffer, base + batchSize * (d + 1) * 8, size),
    };
  }
}

/** One set of arrays for `size` rows, and views of its first `shortSize` rows (for `reuse: true`). */
export function sharedArrays(size: number, shortSize: number, d: number): { full: BatchArrays; short: BatchArrays } {
  const full = { indices: new Uint32Array(size), X: new Float64Array(size * d), y: new Float64Array(size) };
  const short = { indices: full.indices.subarray(0, shortSize), X: full.X.subarray(0, shortSize * d), y: full.y.subarray(0, shortSize) };
  return { full, short };
}
