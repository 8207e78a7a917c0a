/**
 * A temporary file for rows spilled from a stream (`train --stdin`), in a folder of its own under the OS temp
 * folder. It is removed by `remove()` (the run ended), and by an `exit` hook otherwise: a normal exit, an
 * error, or Ctrl-C/SIGTERM, which `gradstream train` turns into an ordinary exit with code 130/143.
 *
 * @example
 * import { existsSync, writeFileSync } from 'node:fs';
 * import { spillFile } from './spill-file.js';
 * const spill = spillFile('demo');
 * writeFileSync(spill.path, 'rows');
 * spill.remove();
 * console.log(existsSync(spill.path)); // false
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SpillFile {
  path: string;
  /** Removes the file and its folder (once; later calls do nothing). */
  remove(): void;
}

export function spillFile(name: string): SpillFile {
  const dir = mkdtempSync(join(tmpdir(), `gradstream-${name}-`));
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    process.off('exit', remove);
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', remove);
  return { path: join(dir, 'rows.f64'), remove };
}
