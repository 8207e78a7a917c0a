/** Receives one line as bytes `[start, end)` of `bytes` (no terminator); returns false to stop reading. */
export type LineHandler = (bytes: Buffer, start: number, end: number) => boolean;

/**
 * Splits chunks of bytes into lines without making a string: each line is handed over as a range of the chunk
 * it lies in, so it must be used before the next chunk comes (the chunk buffer may be reused). A line split
 * across chunks is gathered in a carry buffer of its own, reused and grown by doubling, so memory is one
 * chunk plus the longest line. Lines end at `\n`; a `\r` before it is dropped (CRLF).
 *
 * @example
 * import { LineSplitter } from './byte-lines.js';
 * const lines: string[] = [];
 * const split = new LineSplitter((b, s, e) => lines.push(b.toString('utf8', s, e)) > 0);
 * split.push(Buffer.from('a,b\r\n1,'));
 * split.push(Buffer.from('2\n3,4'));
 * split.end();
 * console.log(lines); // [ 'a,b', '1,2', '3,4' ]
 */
export class LineSplitter {
  private carry = Buffer.allocUnsafe(64 * 1024);
  private carried = 0;

  /**
   * `fast`, when given, is offered each line of a chunk before its end is looked for: it returns the index of
   * the `\n` ending the line it took, -2 when it took one and reading must stop, or -1 to leave the line to `onLine`.
   */
  constructor(
    private readonly onLine: LineHandler,
    private readonly fast?: (bytes: Buffer, start: number, limit: number) => number,
  ) {}

  /** Hands over every complete line of `chunk`; returns false once the handler asked to stop. */
  push(chunk: Buffer): boolean {
    let start = 0;
    if (this.carried > 0) {
      const newline = chunk.indexOf(10);
      if (newline < 0) {
        this.keep(chunk, 0, chunk.length);
        return true;
      }
      this.keep(chunk, 0, newline);
      const length = this.carried;
      this.carried = 0;
      if (!this.emit(this.carry, 0, length)) return false;
      start = newline + 1;
    }
    const fast = this.fast;
    for (;;) {
      if (fast !== undefined) {
        const taken = fast(chunk, start, chunk.length);
        if (taken >= 0) {
          start = taken + 1;
          continue;
        }
        if (taken === -2) return false;
      }
      const newline = chunk.indexOf(10, start);
      if (newline < 0) break;
      if (!this.emit(chunk, start, newline)) return false;
      start = newline + 1;
    }
    if (start < chunk.length) this.keep(chunk, start, chunk.length);
    return true;
  }

  /**
   * Takes the lines that `chunk` completes as raw text instead of handing them over: the bytes kept from
   * before and the chunk up to its last `\n`, copied into a buffer of their own (transferable to another
   * thread), `bytes(n)` long, e.g. a buffer reused; the rest is kept for the next chunk. Undefined when the
   * chunk completes no line.
   */
  takeLines(chunk: Buffer, bytes: (n: number) => Uint8Array): Uint8Array | undefined {
    const last = chunk.lastIndexOf(10);
    if (last < 0) {
      this.keep(chunk, 0, chunk.length);
      return undefined;
    }
    const text = bytes(this.carried + last + 1);
    text.set(this.carry.subarray(0, this.carried));
    text.set(chunk.subarray(0, last + 1), this.carried);
    this.carried = 0;
    if (last + 1 < chunk.length) this.keep(chunk, last + 1, chunk.length);
    return text;
  }

  /** Whether bytes after the last newline are waiting for `end()` (the source does not end with a line end). */
  get unterminated(): boolean {
    return this.carried > 0;
  }

  /** Bytes after the last newline, kept for the next chunk: the start of a line not handed over yet. */
  get pending(): number {
    return this.carried;
  }

  /** Hands over the last line when the source does not end with a newline. */
  end(): boolean {
    const length = this.carried;
    this.carried = 0;
    return length > 0 ? this.emit(this.carry, 0, length) : true;
  }

  private keep(chunk: Buffer, start: number, end: number): void {
    const needed = this.carried + end - start;
    if (needed > this.carry.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, 2 * this.carry.length));
      this.carry.copy(grown, 0, 0, this.carried);
      this.carry = grown;
    }
    chunk.copy(this.carry, this.carried, start, end);
    this.carried = needed;
  }

  private emit(bytes: Buffer, start: number, end: number): boolean {
    return this.onLine(bytes, start, end > start && bytes[end - 1] === 13 ? end - 1 : end);
  }
}

/**
 * The lines in `text` (whole lines, each ending in `\n`) as the row parser numbers them: one per `\n`, and one
 * more per `\r` that does not end a line (readline ends a line at a lone `\r` too).
 *
 * @example
 * import { countLines } from './byte-lines.js';
 * console.log(countLines(new TextEncoder().encode('a\r\nb\rc\n'))); // 3
 */
export function countLines(text: Uint8Array): number {
  let lines = 0;
  for (let at = text.indexOf(10); at >= 0; at = text.indexOf(10, at + 1)) lines++;
  for (let at = text.indexOf(13); at >= 0; at = text.indexOf(13, at + 1)) if (text[at + 1] !== 10) lines++;
  return lines;
}
