/**
 * A malformed line in a data file or stream. The message reads `<source>:<line>: <problem>`, e.g.
 * `data.csv:17: expected 3 columns, found 2`, the form editors and terminals turn into a link.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { DataFormatError } from '@gradstream/data';
 * import { readCsv } from '@gradstream/data/node';
 * writeFileSync('/tmp/ragged.csv', 'x1,x2,y\n1,2,3\n4,5\n');
 * try { await readCsv('/tmp/ragged.csv'); } catch (e) {
 *   if (e instanceof DataFormatError) console.log(e.source, e.line, e.problem); // /tmp/ragged.csv 3 expected 3 columns, found 2
 * }
 */
export class DataFormatError extends Error {
  override name = 'DataFormatError';

  constructor(
    /** The file path, or the stream's name (e.g. `stdin`). */
    readonly source: string,
    /** 1-based line number (0 when the problem is the whole source, e.g. an empty file). */
    readonly line: number,
    /** What is wrong, without the place. */
    readonly problem: string,
  ) {
    super(line > 0 ? `${source}:${line}: ${problem}` : `${source}: ${problem}`);
  }
}
