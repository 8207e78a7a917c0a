import { readFile } from 'node:fs/promises';

/**
 * Reads a file that must hold one JSON value; a parse failure names the kind of file and its path
 * (`invalid checkpoint in run.json. The file must be one JSON object.`). Checking the value's shape is
 * the caller's (validateCheckpoint, validateReference).
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { readJsonFile } from './read-json.js';
 * writeFileSync('/tmp/broken.ckpt.json', '{ "lr": ');
 * await readJsonFile('/tmp/broken.ckpt.json', 'checkpoint').catch((e) => console.log(e.message));
 * // invalid checkpoint in /tmp/broken.ckpt.json. The file must be one JSON object.
 */
export async function readJsonFile(path: string, kind: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new SyntaxError(`invalid ${kind} in ${path}. The file must be one JSON object.`);
  }
}
