/**
 * A small command-line parser of our own: long options only (`--name value`, `--name=value`),
 * boolean flags, options whose value is optional (`--monitor` or `--monitor 8080`), `-h`, and values
 * that start with a minus sign (`--true-b -1`), which `node:util`'s parseArgs would read as options.
 * Every failure is a `UsageError` with one line naming the option, the rule and the value.
 *
 * Option keys are camelCase and the flag is their kebab-case (`batchSize` ↔ `--batch-size`), so the
 * parsed object is typed from the spec.
 *
 * @example
 * import { parseOptions, value, flag } from './args.js';
 * import { positiveInteger } from './values.js';
 * const opts = parseOptions('train', ['--epochs', '5', '--events'], {
 *   epochs: value(positiveInteger, 'N', 'passes over the data'),
 *   events: flag('write events as NDJSON'),
 * });
 * // opts.values → { epochs: 5, events: true }
 */
import { UsageError } from './errors.js';

export interface OptionSpec<T> {
  kind: 'flag' | 'value' | 'optional';
  /** Shown in help: `--lr RATE`. */
  placeholder: string;
  help: string;
  /** Converts the raw text; throws a UsageError naming `flag` on a bad value. */
  parse: (raw: string, flag: string) => T;
  /** For an optional value: whether the next argument is this option's value. */
  accepts?: (raw: string) => boolean;
  /** For an optional value given without one. */
  bare?: T;
  /** The option may be given more than once; its values (arrays) add up. Any other option given twice is an error. */
  repeatable?: boolean;
}

export type OptionSpecs = Record<string, OptionSpec<unknown>>;

export type ParsedValues<S extends OptionSpecs> = {
  [K in keyof S]?: S[K] extends OptionSpec<infer T> ? T : never;
};

export interface Parsed<S extends OptionSpecs> {
  values: ParsedValues<S>;
  positionals: string[];
  help: boolean;
}

/** An option that takes a value. */
export function value<T>(parse: (raw: string, flag: string) => T, placeholder: string, help: string): OptionSpec<T> {
  return { kind: 'value', placeholder, help, parse };
}

/** An option whose parsed values are lists that add up when it is given again (`--allow-origin A --allow-origin B`). */
export function repeatable<T>(spec: OptionSpec<T[]>): OptionSpec<T[]> {
  return { ...spec, repeatable: true };
}

/** A boolean switch. */
export function flag(help: string): OptionSpec<boolean> {
  return { kind: 'flag', placeholder: '', help, parse: () => true };
}

/** An option that may be followed by a value: the next argument is taken when `accepts` says so. */
export function optionalValue<T>(
  parse: (raw: string, flag: string) => T,
  accepts: (raw: string) => boolean,
  bare: T,
  placeholder: string,
  help: string,
): OptionSpec<T> {
  return { kind: 'optional', placeholder: `[${placeholder}]`, help, parse, accepts, bare };
}

/** `batchSize` → `--batch-size`. */
export function flagName(key: string): string {
  return '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/**
 * Parses `argv` (the arguments after the command name) against `specs`.
 * `command` only serves the error message. Positionals are returned for the caller to judge.
 */
export function parseOptions<S extends OptionSpecs>(command: string, argv: readonly string[], specs: S): Parsed<S> {
  const byFlag = new Map<string, [string, OptionSpec<unknown>]>();
  for (const [key, spec] of Object.entries(specs)) byFlag.set(flagName(key), [key, spec]);
  const values: Record<string, unknown> = {};
  /** How each option was written, for the message when one is given twice. */
  const given = new Map<string, string>();
  const positionals: string[] = [];
  let help = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const entry = byFlag.get(name);
    if (!entry) {
      const near = closest(name, [...byFlag.keys()]);
      const hint = near ? `did you mean ${near}?` : `see \`gradstream ${command} --help\``;
      throw new UsageError(`unknown option. ${name} is not an option of \`gradstream ${command}\` (${hint}). Value: \`${arg}\`.`);
    }
    const [key, spec] = entry;
    const start = i;
    const parsed = readValue(spec, name, inline, argv[i + 1], (next) => byFlag.has(next.split('=')[0]));
    if (parsed.consumed) i++;
    const written = argv.slice(start, i + 1).join(' ').replace('=', ' ');
    const before = given.get(key);
    if (before !== undefined && !spec.repeatable) {
      throw new UsageError(`invalid option. ${name} is given twice (an option may be given once). Value: \`${before}\` and \`${written}\`.`);
    }
    given.set(key, written);
    values[key] = before !== undefined ? [...(values[key] as unknown[]), ...(parsed.value as unknown[])] : parsed.value;
  }
  return { values: values as ParsedValues<S>, positionals, help };
}

/** The value of one option occurrence, and whether it took the next argument. */
function readValue(
  spec: OptionSpec<unknown>,
  name: string,
  inline: string | undefined,
  next: string | undefined,
  isOption: (arg: string) => boolean,
): { value: unknown; consumed: boolean } {
  if (spec.kind === 'flag') {
    if (inline !== undefined) throw new UsageError(`invalid option. ${name} takes no value. Value: \`${name}=${inline}\`.`);
    return { value: true, consumed: false };
  }
  if (inline !== undefined) return { value: spec.parse(inline, name), consumed: false };
  if (spec.kind === 'optional') {
    // A following word that is not an option can only be meant as this option's value (no command takes
    // positional arguments): parse it, so a bad one (`--monitor abc`) gets this option's own error.
    if (next !== undefined && (spec.accepts!(next) || !next.startsWith('-'))) return { value: spec.parse(next, name), consumed: true };
    return { value: spec.bare, consumed: false };
  }
  // A value may start with '-' (a negative number) but is never another known option.
  if (next === undefined || isOption(next) || next === '--help' || next === '-h') {
    throw new UsageError(`invalid option. ${name} needs a value (${spec.placeholder}). Value: none.`);
  }
  return { value: spec.parse(next, name), consumed: true };
}

/** Throws when a command that takes no positional arguments got some. */
export function noPositionals(command: string, positionals: readonly string[]): void {
  if (positionals.length > 0) {
    throw new UsageError(
      `unexpected argument. \`gradstream ${command}\` takes options only (see \`gradstream ${command} --help\`). Value: \`${positionals[0]}\`.`,
    );
  }
}

/** The known flag within edit distance 2 of a mistyped one (`--batchsize` → `--batch-size`), if any. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
