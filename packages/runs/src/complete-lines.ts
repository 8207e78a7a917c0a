/**
 * Reading an append-only NDJSON file that another process may be writing: only complete lines count. A
 * last line without its newline is a write under way (or cut short by a crash), never an event; it is
 * read once its newline is there.
 */
import { readSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** Lines read from `offset`, and the offset just after the last newline (where the next read starts). */
export interface CompleteLines {
  lines: string[];
  end: number;
}

/**
 * The complete lines of `path` from byte `offset` (0: the start), ignoring an unterminated tail.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { readCompleteLines } from '@gradstream/runs';
 * writeFileSync('/tmp/gradstream-lines.ndjson', '{"a":1}\n{"a":2}\n{"a":');
 * const { lines, end } = await readCompleteLines('/tmp/gradstream-lines.ndjson');
 * console.log(lines, end); // [ '{"a":1}', '{"a":2}' ] 16
 */
export async function readCompleteLines(path: string, offset = 0): Promise<CompleteLines> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size <= offset) return { lines: [], end: offset };
    const buffer = Buffer.alloc(size - offset);
    let got = 0;
    while (got < buffer.length) {
      const { bytesRead } = await file.read(buffer, got, buffer.length - got, offset + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    const last = buffer.lastIndexOf(0x0a, got - 1);
    if (last === -1) return { lines: [], end: offset };
    const lines = buffer.toString('utf8', 0, last).split('\n').filter((l) => l.trim() !== '');
    return { lines, end: offset + last + 1 };
  } finally {
    await file.close();
  }
}

/** The length of `fd`'s file up to and including its last newline (0 when it has none), read backwards from `size`. */
export function completeLength(fd: number, size: number): number {
  const chunk = Buffer.alloc(64 * 1024);
  let pos = size;
  while (pos > 0) {
    const start = Math.max(0, pos - chunk.length);
    const n = readSync(fd, chunk, 0, pos - start, start);
    const at = chunk.lastIndexOf(0x0a, n - 1);
    if (at !== -1) return start + at + 1;
    pos = start;
  }
  return 0;
}
