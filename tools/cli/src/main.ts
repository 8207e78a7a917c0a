/**
 * `gradstream`: dispatches to a subcommand and maps failures to exit codes —
 * 0 success, 1 runtime failure (the reason on one line), 2 usage error (no command at all included: the usage
 * goes to stderr), 130 interrupted by Ctrl-C, 143 by SIGTERM.
 *
 * @example
 * // node tools/cli/bin/gradstream.js train --epochs 5
 */
import { parseOptions } from './args.js';
import type { Command } from './command.js';
import { explain } from './commands/explain.js';
import { generate } from './commands/generate.js';
import { serve } from './commands/serve.js';
import { sweep } from './commands/sweep.js';
import { worker } from './commands/worker.js';
import { train } from './commands/train.js';
import { describeFailure, EXIT_FAILURE, EXIT_USAGE, UsageError } from './errors.js';
import { commandHelp, mainHelp } from './help.js';
import { guardPipes } from './output.js';

const COMMANDS: Command[] = [train, sweep, worker, explain, generate, serve] as unknown as Command[];

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(mainHelp(COMMANDS));
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h') {
    process.stdout.write(mainHelp(COMMANDS));
    return 0;
  }
  if (name === 'help') {
    const target = rest[0] === undefined ? undefined : findCommand(rest[0]);
    process.stdout.write(target ? commandHelp(target) : mainHelp(COMMANDS));
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${await version()}\n`);
    return 0;
  }
  const command = findCommand(name);
  const parsed = parseOptions(command.name, rest, command.options);
  if (parsed.help) {
    process.stdout.write(commandHelp(command));
    return 0;
  }
  return command.run(parsed.values, parsed.positionals);
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    throw new UsageError(
      `unknown command. The command must be one of ${COMMANDS.map((c) => c.name).join(', ')} (see \`gradstream --help\`). Value: \`${name}\`.`,
    );
  }
  return command;
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Prints a failure as one line and returns its exit code. Set GRADSTREAM_DEBUG=1 for the stack. */
export function reportFailure(err: unknown): number {
  const usage = err instanceof UsageError;
  process.stderr.write(`gradstream: ${describeFailure(err)}\n`);
  if (process.env.GRADSTREAM_DEBUG && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
  return usage ? EXIT_USAGE : EXIT_FAILURE;
}

guardPipes();
main(process.argv.slice(2)).then(
  (code) => {
    // Let pending writes flush, then leave even if a library left a handle open.
    process.exitCode = code;
  },
  (err) => {
    process.exitCode = reportFailure(err);
  },
);
