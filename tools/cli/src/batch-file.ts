/**
 * Reads and validates the input of `gradstream explain --batch-file FILE`:
 * `{ "X": [[…], …], "y": […], "w": […], "b": number, "lr": number }`.
 * Each failure names the file, the field and the rule, and shows the value:
 * ``invalid batch file b.json. y must have one number per row of X (3). Value: `[1,2]`.``
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { readBatchFile } from './batch-file.js';
 * writeFileSync('/tmp/batch.json', '{ "X": [[1, 2], [3, -1]], "y": [1, 2], "w": [0.1, -0.2], "b": 0.5, "lr": 0.1 }');
 * const batch = await readBatchFile('/tmp/batch.json');
 * console.log(batch.X.length, batch.w.length); // 2 2
 */
import { readFile } from 'node:fs/promises';
import { CliError } from './errors.js';

export interface BatchFile {
  /** size×d rows. */
  X: number[][];
  y: number[];
  w: number[];
  b: number;
  lr: number;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? text.slice(0, 77) + '...' : text;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Validates an already parsed value; `file` only names the source in messages. */
export function toBatchFile(value: unknown, file: string): BatchFile {
  const fail = (field: string, rule: string, v: unknown): never => {
    throw new CliError(`invalid batch file ${file}. ${field} must be ${rule}. Value: \`${show(v)}\`.`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('the file', 'one JSON object { "X", "y", "w", "b", "lr" }', value);
  }
  const { X, y, w, b, lr } = value as Record<string, unknown>;
  if (!Array.isArray(X) || X.length === 0) fail('X', 'a non-empty array of rows', X);
  const rows = X as unknown[];
  const first = rows[0];
  if (!Array.isArray(first) || first.length === 0) fail('X[0]', 'a non-empty array of numbers', first);
  const d = (first as unknown[]).length;
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || !row.every(isNumber)) fail(`X[${i}]`, 'an array of finite numbers', row);
    if ((row as unknown[]).length !== d) fail(`X[${i}]`, `a row of ${d} numbers like X[0]`, row);
  });
  if (!Array.isArray(y) || !y.every(isNumber)) fail('y', 'an array of finite numbers', y);
  if ((y as unknown[]).length !== rows.length) fail('y', `an array with one number per row of X (${rows.length})`, y);
  if (!Array.isArray(w) || !w.every(isNumber)) fail('w', 'an array of finite numbers', w);
  if ((w as unknown[]).length !== d) fail('w', `an array with one number per column of X (${d})`, w);
  if (!isNumber(b)) fail('b', 'a finite number', b);
  if (!isNumber(lr) || lr <= 0) fail('lr', 'a positive finite number', lr);
  return { X: X as number[][], y: y as number[], w: w as number[], b: b as number, lr: lr as number };
}

/** Reads, parses and validates a batch file. A missing file is reported by name (ENOENT). */
export async function readBatchFile(file: string): Promise<BatchFile> {
  const text = await readFile(file, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CliError(`invalid batch file ${file}. The file must be one JSON object. ${(err as Error).message}.`);
  }
  return toBatchFile(value, file);
}
