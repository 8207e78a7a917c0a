/**
 * The measuring rule of every gradstream benchmark: contenders run alternately (A B C A B C …) in
 * one process after a warm-up, so drift of the machine (turbo, other load, GC state) hits all of
 * them alike; the figure is the median of the rounds.
 *
 * @example
 * import { alternate, printTable } from './harness.js';
 * const results = await alternate([{ name: 'noop', run: () => {} }], { warmup: 1, rounds: 5 });
 * printTable('demo', results, { unit: 'ms' });
 */
import { performance } from 'node:perf_hooks';

export interface Contender {
  name: string;
  /** One complete run of the workload; may return a value to keep the work observable. */
  run: () => unknown | Promise<unknown>;
}

export interface Measured {
  name: string;
  /** Milliseconds of each measured round, in order. */
  samples: number[];
  median: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs each contender `warmup` times, then `rounds` rounds of one run each, alternating. */
export async function alternate(
  contenders: readonly Contender[],
  { warmup = 3, rounds = 11 }: { warmup?: number; rounds?: number } = {},
): Promise<Measured[]> {
  for (let i = 0; i < warmup; i++) for (const c of contenders) await c.run();
  const samples = contenders.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (const [i, c] of contenders.entries()) {
      const t0 = performance.now();
      await c.run();
      samples[i].push(performance.now() - t0);
    }
  }
  return contenders.map((c, i) => ({ name: c.name, samples: samples[i], median: median(samples[i]) }));
}

/**
 * The median over rounds of `b[r] / a[r]`: two contenders run back to back in each round share that moment's
 * machine, so their ratio varies less than the ratio of their medians (measured on W7: ±1% against ±3% between two
 * identical contenders).
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, r) => b[r]! / x));
}

/** Formats a number with a fixed count of significant digits, without exponent for common ranges. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 1000) return Math.round(x).toLocaleString('en-US');
  return x.toPrecision(digits);
}

/**
 * Prints one line per contender: median time, optional throughput, and its ratio to `baseline`
 * (the first contender unless named).
 */
export function printTable(
  title: string,
  results: readonly Measured[],
  { unit = 'ms', baseline, itemsPerRun, itemName = 'items' }: { unit?: 'ms'; baseline?: string; itemsPerRun?: number; itemName?: string } = {},
): void {
  const base = results.find((r) => r.name === baseline) ?? results[0];
  console.log(`\n${title}`);
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    const throughput = itemsPerRun ? `  ${fmt((itemsPerRun / r.median) * 1000)} ${itemName}/s` : '';
    const ratio = r === base ? '  (baseline)' : `  ${fmt(r.median / base.median)}× ${base.name}`;
    console.log(`  ${r.name.padEnd(width)}  median ${fmt(r.median)} ${unit} over ${r.samples.length} rounds${throughput}${ratio}`);
  }
}

/** One line per goal: the measured ratio, the goal, and whether it is met. */
export function printGoal(label: string, measured: number, goal: number, direction: '<=' | '>='): boolean {
  const met = direction === '<=' ? measured <= goal : measured >= goal;
  console.log(`  goal ${label}: ${fmt(measured)} ${direction} ${goal} → ${met ? 'met' : 'MISSED'}`);
  return met;
}
