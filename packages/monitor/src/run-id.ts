import type { RunEvent } from '@gradstream/events';

/**
 * The id of a run: its `run` event's `runId`, or for a producer that sets none (every v1 recording) one
 * derived from the event's content — the start time, the config, the initial parameters — so a server
 * restarted over a replay of the same run names it the same, and another run differently.
 *
 * @example
 * import { runIdOf } from './run-id.js';
 * const run = { type: 'run', v: 1, config: { d: 1, batchSize: 1, lr: 0.1, optimizer: { name: 'sgd' }, engine: 'fused' }, startedAt: 1, w: [0], b: 0 } as const;
 * console.log(runIdOf({ ...run, runId: 'lesson-1' })); // lesson-1
 * console.log(runIdOf(run) === runIdOf({ ...run }), runIdOf(run) === runIdOf({ ...run, startedAt: 2 })); // true false
 */
export function runIdOf(event: RunEvent): string {
  return event.runId ?? `h${fnv1a64(JSON.stringify(event))}`;
}

/** FNV-1a, 64 bits, as 16 hex digits: a content hash, not a secret (two BigInt-free 32-bit halves). */
function fnv1a64(text: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    lo ^= text.charCodeAt(i);
    // Multiply by the 64-bit FNV prime 0x100000001b3 = 2^40 + 0x1b3, in 32-bit halves.
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x1_0000_0000);
    const newLo = loMul >>> 0;
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = newLo;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
