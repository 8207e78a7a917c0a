/**
 * Error messages at the public boundary: the argument, the rule, the value.
 *
 * @example
 * import { invalidArgument } from './errors.js';
 * const err = invalidArgument('lr', 'must be a positive finite number', 0);
 * console.log(err.message); // invalid argument. lr must be a positive finite number. Value: `0`.
 */
export function invalidArgument(name: string, rule: string, value: unknown, Type: typeof RangeError | typeof TypeError = RangeError): Error {
  return new Type(`invalid argument. ${name} ${rule}. Value: \`${show(value)}\`.`);
}

/** A short, stable rendering of a bad value (JSON where possible, so strings keep their quotes). */
export function show(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'function';
  if (typeof value === 'bigint') return `${value}n`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}

/** Throws unless `value` is a finite number > 0. */
export function checkPositive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidArgument(name, 'must be a positive finite number', value);
  }
  return value;
}

/** Throws unless `value` is an integer ≥ 1. */
export function checkPositiveInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalidArgument(name, 'must be a positive integer', value);
  }
  return value;
}

/** Throws unless `value` is an integer ≥ 0. */
export function checkNonNegativeInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw invalidArgument(name, 'must be a nonnegative integer', value);
  }
  return value;
}

/** Throws unless `value` is a finite number in [lo, hi). */
export function checkInRange(name: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < lo || value >= hi) {
    throw invalidArgument(name, `must be a number in [${lo}, ${hi})`, value);
  }
  return value;
}

/** Throws unless `value` is an array of finite numbers (of `length`, when given). */
export function checkFiniteArray(name: string, value: unknown, length?: number): number[] {
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw invalidArgument(name, 'must be an array of finite numbers', value, TypeError);
  }
  if (length !== undefined && value.length !== length) {
    throw invalidArgument(name, `must have ${length} entries (one per feature)`, value);
  }
  return value as number[];
}

/** Throws unless `value` is a finite number. */
export function checkFinite(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalidArgument(name, 'must be a finite number', value, typeof value === 'number' ? RangeError : TypeError);
  }
  return value;
}

/**
 * Rejects keys a config object does not know, so a typo (`learningRate`) is an error rather than a silently
 * ignored setting: `invalid argument. config.learningRate is not an option; the options are lr, …`.
 */
export function checkKnownKeys(name: string, value: object, known: readonly string[]): void {
  for (const [key, v] of Object.entries(value)) {
    if (!known.includes(key)) throw invalidArgument(`${name}.${key}`, `is not an option; the options are ${known.join(', ')}`, v);
  }
}
