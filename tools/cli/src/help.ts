import { flagName } from './args.js';
import type { Command } from './command.js';

/**
 * The `--help` text of a command, built from its option specs so it cannot drift from the parser.
 *
 * @example
 * import { commandHelp } from './help.js';
 * import { generate } from './commands/generate.js';
 * process.stdout.write(commandHelp(generate));
 */
export function commandHelp(command: Command): string {
  const rows = Object.entries(command.options).map(([key, spec]) => [
    `${flagName(key)}${spec.placeholder ? ' ' + spec.placeholder : ''}`,
    spec.help,
  ]);
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([left]) => left.length));
  const lines = [`Usage: ${command.usage}`, '', command.summary];
  if (command.description) lines.push('', command.description);
  lines.push('', 'Options:');
  for (const [left, right] of rows) lines.push(`  ${left.padEnd(width)}  ${right}`);
  if (command.examples?.length) {
    lines.push('', 'Examples:');
    for (const example of command.examples) lines.push(`  ${example}`);
  }
  return lines.join('\n') + '\n';
}

/** The top-level help: the command list. */
export function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: gradstream <command> [options]',
    '',
    'Train the linear-regression lesson of Dive into Deep Learning, and the models after it (softmax, MLPs,',
    'micrograd\'s moons), as a stream of events you can watch, record, replay, compare and explain.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show this help',
    '  -v, --version  print the version',
    '',
    'Run `gradstream <command> --help` for the options of a command.',
    '',
    'Examples:',
    '  gradstream train                       # the lesson: 3 epochs of SGD, prints loss per epoch',
    '  gradstream train --monitor             # the same, with a live dashboard in the browser',
    '  gradstream sweep --lr 0.003,0.03,0.3,3 --batch-size 10,100 --runs runs   # 8 runs in parallel, sorted by loss',
    '  gradstream explain                     # one SGD step computed by hand, number by number',
    '  gradstream generate | gradstream train --stdin --events | gradstream serve --stdin',
    '',
  ].join('\n');
}
