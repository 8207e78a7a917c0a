/**
 * Test helper: new folders under the system's temporary folder for one test file, removed once its tests have run (a
 * CLI test writes runs, checkpoints and data files; left behind, a day of test runs left ~1,500 folders in /tmp).
 *
 * @example
 * // not run: it needs a test file
 * import { test } from 'uvu';
 * import { useTempDirs } from './temp-dirs.js';
 * const temp = useTempDirs(test);
 * test('…', () => { const dir = temp('gradstream-sweep-'); });
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function useTempDirs(suite: { after(fn: () => void): void }): (prefix: string) => string {
  const made: string[] = [];
  suite.after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
