/**
 * `gradstream generate`: writes the lesson's synthetic dataset to stdout as CSV (`x1,…,xd,y`) or NDJSON
 * (`{"x1":…,"x2":…,"y":…}` a line, the
 * flat objects `@gradstream/data`'s `rows$` reads), so another process can train on it (`gradstream train --stdin`).
 * Numbers are written with full precision: a round trip through text changes no bit.
 *
 * @example
 * // gradstream generate --n 5 --seed 7 --format ndjson
 */
import { noPositionals, value } from '../args.js';
import { defineCommand } from '../command.js';
import { DATA_OPTIONS, LESSON } from '../lesson.js';
import { writeOut } from '../output.js';
import { drawDataset } from '../synthetic-data.js';
import { oneOf } from '../values.js';

export const generate = defineCommand({
  name: 'generate',
  summary: 'write the synthetic dataset y = X·w + b + noise to stdout (CSV or NDJSON)',
  usage: 'gradstream generate [options] > data.csv',
  options: {
    ...DATA_OPTIONS,
    format: value(oneOf(['csv', 'ndjson'] as const), 'csv|ndjson', 'output format (default csv)'),
  },
  examples: [
    'gradstream generate --n 100 > data.csv',
    'gradstream generate --format ndjson | gradstream train --stdin',
  ],
  async run(opts, positionals) {
    noPositionals('generate', positionals);
    const recipe = { n: opts.n ?? LESSON.n, trueW: opts.trueW ?? [...LESSON.trueW], trueB: opts.trueB ?? LESSON.trueB, noise: opts.noise ?? LESSON.noise };
    // No signal handler here: Ctrl-C ends the process at once, even between slices.
    const ds = await drawDataset(recipe, opts.seed ?? LESSON.seed, { interrupted: () => false, print: (line) => process.stderr.write(line + '\n') });
    const format = opts.format ?? 'csv';
    const { n, d, X, y } = ds;
    const names = [...Array.from({ length: d }, (_, j) => `x${j + 1}`), 'y'];
    // Chunks of a few hundred rows: few syscalls, and backpressure still bounds memory for large n.
    let chunk = format === 'csv' ? names.join(',') + '\n' : '';
    for (let i = 0; i < n; i++) {
      const values = [...X.subarray(i * d, i * d + d), y[i]];
      chunk += format === 'csv' ? `${values.join(',')}\n` : `${JSON.stringify(Object.fromEntries(names.map((k, j) => [k, values[j]])))}\n`;
      if (chunk.length > 64 * 1024) {
        await writeOut(chunk);
        chunk = '';
      }
    }
    await writeOut(chunk);
    return 0;
  },
});
