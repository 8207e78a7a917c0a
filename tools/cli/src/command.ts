import type { OptionSpecs, ParsedValues } from './args.js';

/**
 * One `gradstream` subcommand: its options (which also produce its `--help`) and what it does.
 * `run` resolves to the process exit code.
 *
 * @example
 * import { defineCommand } from './command.js';
 * import { flag } from './args.js';
 * export const hello = defineCommand({
 *   name: 'hello', summary: 'say hello', usage: 'gradstream hello [--loud]',
 *   options: { loud: flag('shout') },
 *   run: async (opts) => { console.log(opts.loud ? 'HELLO' : 'hello'); return 0; },
 * });
 */
export interface Command<S extends OptionSpecs = OptionSpecs> {
  name: string;
  /** One line for the command list. */
  summary: string;
  usage: string;
  /** Paragraphs shown under the usage line. */
  description?: string;
  options: S;
  /** Sections printed after the options (`Examples:` …). */
  examples?: string[];
  run: (values: ParsedValues<S>, positionals: string[]) => Promise<number>;
}

/** Identity with inference: lets each command file declare its options once and get typed values. */
export function defineCommand<S extends OptionSpecs>(command: Command<S>): Command<S> {
  return command;
}
