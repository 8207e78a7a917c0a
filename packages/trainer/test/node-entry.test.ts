// @gradstream/trainer runs in a browser: checkpoint files need @gradstream/trainer/node, and a run given a
// checkpoint path without it says what to import (checked in a fresh process, where nothing imported it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gradstream-node-entry-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function run(code: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: PACKAGE, encoding: 'utf8', timeout: 60_000 });
}

test('without @gradstream/trainer/node, checkpoint: { path } fails at the argument check and names the import', () => {
  // A short relative path (from the package folder): the message shows a string value whole up to 60 characters, and
  // a temporary folder's path can be longer than that.
  const path = 'no-writer.ckpt.json';
  const r = run(`import { trainLinearRegression } from '@gradstream/trainer';
try { trainLinearRegression({ epochs: 1, checkpoint: { path: ${JSON.stringify(path)} } }).subscribe(); } catch (e) { console.log(e.message); }`);
  assert.is(r.status, 0, r.stderr);
  assert.is(
    r.stdout.trim(),
    `invalid argument. checkpoint.path needs Node's file system: import '@gradstream/trainer/node' first, which writes checkpoint files. Value: \`"${path}"\`.`,
  );
  assert.not.ok(existsSync(join(PACKAGE, path)));
});

test('with @gradstream/trainer/node imported, the same run writes its checkpoint', () => {
  const path = join(dir, 'with-writer.json');
  const r = run(`import { lastValueFrom } from 'rxjs';
import { trainLinearRegression } from '@gradstream/trainer';
import { readCheckpoint } from '@gradstream/trainer/node';
await lastValueFrom(trainLinearRegression({ epochs: 1, checkpoint: { path: ${JSON.stringify(path)} } }));
console.log(JSON.stringify((await readCheckpoint(${JSON.stringify(path)})).position));`);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.trim(), '{"epoch":2,"index":0,"globalStep":100}');
});

test.run();
