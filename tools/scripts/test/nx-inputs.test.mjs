// D9: Nx replays a cached test result unless something the test reads is one of its inputs. The helpers in
// tools/scripts (README and doc-example runners) and the root README sit outside every project, so they
// must be declared; these tests fail if the declaration goes away.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NX = createRequire(import.meta.url).resolve('nx/bin/nx.js');
const PROJECTS = ['events', 'data', 'autograd', 'trainer', 'monitor', 'cli'];

function nx(args, env = {}) {
  const base = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false', FORCE_COLOR: '0', ...env };
  // CI skips the cache altogether; these tests are about the cache, so they turn it back on.
  delete base.NX_SKIP_NX_CACHE;
  const run = spawnSync(process.execPath, [NX, ...args], { cwd: ROOT, env: base, encoding: 'utf8', timeout: 120_000 });
  return `${run.stdout}${run.stderr}`;
}

const shownInputs = new Map();

/** The file patterns of a project's test target, with named inputs expanded through nx.json. */
function testInputs(project) {
  if (shownInputs.has(project)) return shownInputs.get(project);
  const named = JSON.parse(readFileSync(join(ROOT, 'nx.json'), 'utf8')).namedInputs;
  const shown = JSON.parse(nx(['show', 'project', project, '--json']).replace(/^[^{]*/, ''));
  const expand = (input) => (typeof input === 'string' && named[input] ? named[input].flatMap(expand) : [input]);
  shownInputs.set(project, shown.targets.test.inputs.flatMap(expand));
  return shownInputs.get(project);
}

for (const project of PROJECTS) {
  test(`${project}: the root README and tools/scripts are inputs of its tests`, () => {
    const inputs = testInputs(project);
    assert.ok(inputs.includes('{workspaceRoot}/README.md'), JSON.stringify(inputs));
    assert.ok(inputs.includes('{workspaceRoot}/tools/scripts/**/*'), JSON.stringify(inputs));
  });
}

for (const project of ['data', 'autograd', 'trainer', 'cli']) {
  test(`${project}: the PyTorch fixture its tests read is an input of its tests`, () => {
    assert.ok(testInputs(project).includes('{workspaceRoot}/fixtures/**/*'));
  });
}

test('a change in tools/scripts makes Nx rerun a cached test instead of replaying it', () => {
  const cache = mkdtempSync(join(tmpdir(), 'gradstream-nx-cache-'));
  const probe = join(ROOT, 'tools/scripts', `.nx-input-probe-${process.pid}.mjs`);
  try {
    nx(['test', 'events', '--output-style=static'], { NX_CACHE_DIRECTORY: cache });
    const replay = nx(['test', 'events', '--output-style=static'], { NX_CACHE_DIRECTORY: cache });
    assert.match(replay, /existing outputs match the cache|\[local cache\]/, 'the second run is expected to come from the cache');
    writeFileSync(probe, '// a changed helper\n');
    const after = nx(['test', 'events', '--output-style=static'], { NX_CACHE_DIRECTORY: cache });
    assert.not.match(after, /existing outputs match the cache|\[local cache\]/, after);
    assert.match(after, /Total:\s+\d+/);
  } finally {
    rmSync(probe, { force: true });
    rmSync(cache, { recursive: true, force: true });
  }
});

test.run();
