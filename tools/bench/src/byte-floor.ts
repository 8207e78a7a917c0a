/**
 * W3's floor: the least work any reader must do, one pass over the file's bytes that parses every number and
 * nothing else (no rows, no shuffle, no training). It reads 1 MiB at a time into one reused buffer with
 * synchronous reads, skips a CSV header and anything inside double quotes (NDJSON keys), and sums the values
 * so the work cannot be optimised away. Its numbers are approximate (digits × a power of ten, not correctly
 * rounded): it is a speed reference, not a parser.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { byteParseFloor } from './byte-floor.js';
 * writeFileSync('/tmp/floor.csv', 'a,y\n1.5,-2\n3e1,4\n');
 * console.log(byteParseFloor('/tmp/floor.csv', 'csv')); // { rows: 2, bytes: 17, sum: 33.5 }
 * writeFileSync('/tmp/floor.ndjson', '{"a":1.5,"y":-2}\n{"a":3e1,"y":4}\n');
 * console.log(byteParseFloor('/tmp/floor.ndjson', 'ndjson')); // { rows: 2, bytes: 33, sum: 33.5 }
 */
import { closeSync, openSync, readSync } from 'node:fs';

const POW10 = Array.from({ length: 400 }, (_, k) => Number(`1e${k - 200}`));

export function byteParseFloor(path: string, format: 'csv' | 'ndjson'): { rows: number; bytes: number; sum: number } {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let rows = 0;
  let bytes = 0;
  let sum = 0;
  let kept = 0; // bytes of an unfinished line moved to the buffer's start
  let first = format === 'csv';
  for (;;) {
    const n = readSync(fd, buffer, kept, buffer.length - kept, null);
    bytes += n;
    const end = kept + n;
    // Parse whole lines only; the unfinished last one moves to the front (all of it at the end of the file).
    const last = n === 0 ? end : buffer.lastIndexOf(10, end - 1) + 1;
    let start = 0;
    if (first) {
      start = buffer.indexOf(10) + 1;
      first = false;
    }
    const parsed = parseLines(buffer, start, last);
    rows += parsed.rows;
    sum += parsed.sum;
    if (n === 0) break;
    buffer.copyWithin(0, last, end);
    kept = end - last;
  }
  closeSync(fd);
  return { rows, bytes, sum };
}

const result = { rows: 0, sum: 0 };

/** Parses every number of the lines in `[start, end)`, all state in locals; counts lines and sums values. */
function parseLines(b: Buffer, start: number, end: number): { rows: number; sum: number } {
  let rows = 0;
  let sum = 0;
  let i = start;
  while (i < end) {
    let c = b[i];
    if (c === 10) {
      rows++;
      i++;
    } else if (c === 34) {
      i = b.indexOf(34, i + 1) + 1; // a quoted key: skip it
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      const negative = c === 45;
      if (negative) i++;
      let m = 0;
      let scale = 0;
      for (; i < end && (c = b[i] - 48) >= 0 && c <= 9; i++) m = m * 10 + c;
      if (b[i] === 46) for (i++; i < end && (c = b[i] - 48) >= 0 && c <= 9; i++, scale--) m = m * 10 + c;
      if ((b[i] | 32) === 101) {
        i++;
        const eNegative = b[i] === 45;
        if (eNegative || b[i] === 43) i++;
        let e = 0;
        for (; i < end && (c = b[i] - 48) >= 0 && c <= 9; i++) e = e * 10 + c;
        scale += eNegative ? -e : e;
      }
      const k = 200 + scale;
      const v = m * (k >= 0 && k < 400 ? POW10[k] : 0);
      sum += negative ? -v : v;
    } else i++;
  }
  result.rows = rows;
  result.sum = sum;
  return result;
}
