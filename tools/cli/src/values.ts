/**
 * Value parsers for command-line options. Each takes the raw text and the flag it belongs to and
 * either returns the typed value or throws a `UsageError`:
 * ``invalid option. --batch-size must be a positive integer. Value: `0`.``
 *
 * @example
 * import { positiveInteger, numberList } from './values.js';
 * positiveInteger('10', '--batch-size'); // 10
 * numberList('2,-3.4', '--true-w');       // [2, -3.4]
 */
import { invalidOption } from './errors.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function toNumber(raw: string): number {
  return NUMBER.test(raw.trim()) ? Number(raw) : NaN;
}

export function positiveInteger(raw: string, flag: string): number {
  const n = /^\+?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw invalidOption(flag, 'a positive integer', raw);
  return n;
}

export function finiteNumber(raw: string, flag: string): number {
  const n = toNumber(raw);
  if (!Number.isFinite(n)) throw invalidOption(flag, 'a finite number', raw);
  return n;
}

export function positiveNumber(raw: string, flag: string): number {
  const n = toNumber(raw);
  if (!Number.isFinite(n) || n <= 0) throw invalidOption(flag, 'a positive number', raw);
  return n;
}

/** `--steps-per-second` (train, worker): a positive number, or `max` (no pacing: null). */
export function stepsPerSecond(raw: string, flag: string): number | null {
  if (raw === 'max') return null;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) throw invalidOption(flag, 'a positive number of steps per second, or max', raw);
  return n;
}

export function nonNegativeNumber(raw: string, flag: string): number {
  const n = toNumber(raw);
  if (!Number.isFinite(n) || n < 0) throw invalidOption(flag, 'a non-negative number', raw);
  return n;
}

/** `2,-3.4` → `[2, -3.4]`. */
export function numberList(raw: string, flag: string): number[] {
  const parts = raw.split(',').map(toNumber);
  if (raw.trim() === '' || parts.some((x) => !Number.isFinite(x))) {
    throw invalidOption(flag, 'a comma-separated list of finite numbers such as 2,-3.4', raw);
  }
  return parts;
}

/** A TCP port; 0 asks the system for a free one. */
export function port(raw: string, flag: string): number {
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n > 65535) throw invalidOption(flag, 'an integer port from 0 to 65535', raw);
  return n;
}

/** Whether an argument reads as a port, so `--monitor 8080` takes it and `--monitor --open` does not. */
export function looksLikePort(raw: string): boolean {
  return /^\d+$/.test(raw);
}

export function nonEmpty(raw: string, flag: string): string {
  if (raw.trim() === '') throw invalidOption(flag, 'a non-empty text', raw);
  return raw;
}

export function oneOf<T extends string>(choices: readonly T[]): (raw: string, flag: string) => T {
  return (raw, flag) => {
    if (!(choices as readonly string[]).includes(raw)) throw invalidOption(flag, `one of ${choices.join(', ')}`, raw);
    return raw as T;
  };
}

/** Seeds are unsigned 32-bit integers (MT19937 takes them so). */
export function seed(raw: string, flag: string): number {
  const n = /^\+?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n > 0xffff_ffff) throw invalidOption(flag, 'an integer from 0 to 4294967295', raw);
  return n;
}
