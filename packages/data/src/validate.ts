/**
 * The argument checks of gradstream's libraries — data's and the trainer's (which imports them from here),
 * one set. Each failure says which argument, which rule and which value, in one sentence:
 * ``RangeError: invalid argument. batchSize must be a positive integer. Value: `0`.``
 *
 * @example
 * import { checkPositiveInteger, invalidArgument } from '@gradstream/data';
 * try { checkPositiveInteger('batchSize', 0); } catch (e) { console.log((e as Error).message); }
 * // invalid argument. batchSize must be a positive integer. Value: `0`.
 * console.log(invalidArgument('lr', 'must be a positive finite number', -1).message);
 */

/** A short, unambiguous rendering of a value for an error message (NaN stays NaN, strings keep quotes). */
export function show(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  if (value === undefined || value === null || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'function';
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  if (Array.isArray(value)) {
    const head = value.slice(0, 8).map(show).join(',');
    return value.length > 8 ? `[${head},… (${value.length} items)]` : `[${head}]`;
  }
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? text.slice(0, 77) + '...' : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Builds the package's standard argument error. */
export function invalid(Kind: typeof RangeError | typeof TypeError, name: string, rule: string, value: unknown): Error {
  return new Kind(`invalid argument. ${name} ${rule}. Value: \`${show(value)}\`.`);
}

/** `invalid` with the argument first and RangeError by default: the form the trainer's checks use. */
export function invalidArgument(name: string, rule: string, value: unknown, Kind: typeof RangeError | typeof TypeError = RangeError): Error {
  return invalid(Kind, name, rule, value);
}

/** Throws unless `value` is a finite number > 0. */
export function checkPositive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalid(RangeError, name, 'must be a positive finite number', value);
  return value;
}

/** Throws unless `value` is a finite number in [lo, hi). */
export function checkInRange(name: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < lo || value >= hi) throw invalid(RangeError, name, `must be a number in [${lo}, ${hi})`, value);
  return value;
}

/** Throws unless `value` is an array of finite numbers (of `length` entries, one per feature, when given). */
export function checkFiniteArray(name: string, value: unknown, length?: number): number[] {
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) throw invalid(TypeError, name, 'must be an array of finite numbers', value);
  if (length !== undefined && value.length !== length) throw invalid(RangeError, name, `must have ${length} entries (one per feature)`, value);
  return value as number[];
}

/** Largest seed accepted: seeds are unsigned 32-bit integers, as MT19937 takes them. */
export const MAX_SEED = 0xffff_ffff;

export function checkPositiveInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw invalid(RangeError, name, 'must be a positive integer', value);
  return value;
}

export function checkNonNegativeInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw invalid(RangeError, name, 'must be a nonnegative integer', value);
  }
  return value;
}

export function checkSeed(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_SEED) {
    throw invalid(RangeError, name, `must be an integer between 0 and ${MAX_SEED}`, value);
  }
  return value;
}

export function checkFinite(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(typeof value === 'number' ? RangeError : TypeError, name, 'must be a finite number', value);
  return value;
}

export function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalid(TypeError, name, 'must be a boolean', value);
  return value;
}

export function checkOptions(name: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(TypeError, name, 'must be an object', value);
  return value as Record<string, unknown>;
}

export function checkString(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(TypeError, name, 'must be a nonempty string', value);
  return value;
}

/**
 * Rejects keys an options object does not know, so a typo (`bathSize`) is an error rather than a silently
 * ignored setting: `invalid argument. options.bathSize is not an option; the options are batchSize, …`.
 */
export function checkKnownKeys(name: string, value: object, known: readonly string[]): void {
  for (const [key, v] of Object.entries(value)) {
    if (!known.includes(key)) throw invalid(RangeError, `${name}.${key}`, `is not an option; the options are ${known.join(', ')}`, v);
  }
}
