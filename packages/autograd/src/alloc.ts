/**
 * Allocation of zero-filled Float64Arrays for op outputs and gradient buffers.
 *
 * Why: V8 keeps typed arrays of at most 64 bytes on its heap (cheap), but gives larger ones their
 * own off-heap backing store, which costs ~0.4 µs each (measured here) — more than the lesson's
 * whole 10×2 forward pass. Arrays above that size are carved as views out of a shared slab with a
 * bump pointer (~0.05 µs). A slab is never reused: it is freed by the GC once no view of it is
 * alive, so every view starts zeroed. The cost is that `data.buffer` may be larger than `data`;
 * always use `data` itself (byteOffset/length), never its buffer.
 */

const ON_HEAP_MAX = 8; // elements: 64 bytes, V8's limit for typed arrays on the JS heap
const SLAB = 4096; // elements per slab (32 KiB)
const DIRECT_MIN = SLAB / 4; // large arrays get their own buffer

let slab = new Float64Array(SLAB);
let offset = 0;

/** A zero-filled Float64Array of `n` elements. @internal */
export function alloc(n: number): Float64Array {
  if (n <= ON_HEAP_MAX || n >= DIRECT_MIN) return new Float64Array(n);
  if (offset + n > SLAB) {
    slab = new Float64Array(SLAB);
    offset = 0;
  }
  const view = slab.subarray(offset, offset + n);
  offset += n;
  return view;
}

/** A copy of `src` in a fresh array from alloc(). @internal */
export function copyOf(src: Float64Array): Float64Array {
  const out = alloc(src.length);
  out.set(src);
  return out;
}

// Gradient buffers of intermediate nodes die at the end of their backward step: nothing outside the
// pass ever sees them. They are recycled here (zeroed) instead of being carved again, which saves
// one typed-array object per node per pass. Only the sizes that would otherwise come from the slab.
const pools: Float64Array[][] = [];
const POOL_MAX_ELEMENTS = 1 << 17; // at most 1 MiB of recycled buffers, whatever the sizes
let pooled = 0;

/** A zero-filled gradient buffer of `n` elements, recycled when possible. @internal */
export function scratch(n: number): Float64Array {
  if (n > ON_HEAP_MAX && n < DIRECT_MIN) {
    const pool = pools[n];
    if (pool !== undefined && pool.length > 0) {
      pooled -= n;
      return pool.pop()!;
    }
  }
  return alloc(n);
}

/** Gives back a buffer from scratch() that nothing references any more. @internal */
export function release(buf: Float64Array): void {
  const n = buf.length;
  if (n <= ON_HEAP_MAX || n >= DIRECT_MIN) return;
  const pool = pools[n] ?? (pools[n] = []);
  if (pooled + n <= POOL_MAX_ELEMENTS) {
    for (let i = 0; i < n; i++) buf[i] = 0; // a loop beats the fill() builtin call at these sizes
    pool.push(buf);
    pooled += n;
  }
}
