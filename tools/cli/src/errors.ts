/**
 * The two kinds of failure the command tells apart, because they get different exit codes:
 * a `UsageError` (exit 2) means the command line itself is wrong — an unknown option, a bad value,
 * two options that exclude each other; anything else thrown (exit 1) is a runtime failure such as
 * a missing file or a malformed input line.
 *
 * Messages follow the project's rule: what was wrong, the rule it broke, the value.
 *
 * @example
 * import { invalidOption, UsageError } from './errors.js';
 * const err = invalidOption('--batch-size', 'a positive integer', '0');
 * console.log(err instanceof UsageError, err.message);
 * // true invalid option. --batch-size must be a positive integer. Value: `0`.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A runtime failure whose message is already a complete sentence for the user (exit 1). */
export class CliError extends Error {
  override name = 'CliError';
}

/** ``invalid option. <option> must be <rule>. Value: `<value>`.`` */
export function invalidOption(option: string, rule: string, value: string): UsageError {
  return new UsageError(`invalid option. ${option} must be ${rule}. Value: \`${value}\`.`);
}

/** Two options that cannot be used together. */
export function conflictingOptions(a: string, b: string): UsageError {
  return new UsageError(`invalid option. ${a} cannot be combined with ${b}. Value: \`${a} ${b}\`.`);
}

/** Exit code of a process stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;
export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 1;

/**
 * Turns anything thrown into the one line printed after `gradstream: `. File-system errors name
 * the file (Node's own messages do too, but with a syscall prefix a user need not read).
 */
export function describeFailure(err: unknown): string {
  return hidePasswords(failureLine(err));
}

/**
 * A password in a URL (`scheme://user:password@`, as `--redis` takes) is never printed, whatever message quotes it. A
 * user name has no `[`: a rule's `redis://[user:password@]host` stays as written.
 */
const hidePasswords = (line: string): string => line.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:@/`[]*):[^\s@`]*@/gi, '$1:***@');

function failureLine(err: unknown): string {
  if (err instanceof Error) {
    const { code, path } = err as NodeJS.ErrnoException;
    const option = (err as { option?: string }).option;
    const of = option === undefined ? '' : `${option}: `;
    if (code === 'ENOENT' && path) return `${of}file not found: ${path}.`;
    if (code === 'EACCES' && path) return `${of}permission denied: ${path}.`;
    if (code === 'EISDIR' && path) return `${of}expected a file, found a directory: ${path}.`;
    if (code === 'EADDRINUSE') return `the port is already in use (${err.message.replace(/^listen EADDRINUSE: /, '')}). Pick another with --port or --monitor PORT.`;
    // Errors from the packages already read like sentences ("invalid argument. lr must be …").
    return err.message.replace(/\s*\n\s*/g, ' ');
  }
  return String(err);
}

/**
 * Awaits `work` (reading the file an option names); a failure carries the option, so that the one-line
 * error says which option pointed at the file: `gradstream: --data: file not found: x.csv.`
 *
 * @example
 * import { readCsv } from '@gradstream/data/node';
 * import { describeFailure, forOption } from './errors.js';
 * try { await forOption('--data', readCsv('/tmp/no-such-file.csv')); } catch (e) {
 *   console.log(describeFailure(e)); // --data: file not found: /tmp/no-such-file.csv.
 * }
 */
export async function forOption<T>(option: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof Error && (err as { option?: string }).option === undefined) Object.assign(err, { option });
    throw err;
  }
}
