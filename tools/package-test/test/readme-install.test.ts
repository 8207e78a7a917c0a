// The root README tells a user how to install gradstream without the npm registry: pack every package in the clone,
// install the tarballs. tarballs.test.ts packs and installs them the same way (from a copy of the workspace); this
// test keeps the README's command naming exactly the packages that test packs, so the two cannot drift apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PACKAGES, ROOT } from './pack.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

test("the README's npm pack command packs every publishable package, and its install line installs what it packed", () => {
  const block = readme.match(/^```sh\n# in the clone, after npm ci\n([\s\S]*?)^```/m)?.[1];
  assert.ok(block, 'the README has the pack-and-install block');
  const command = block!.replace(/\\\n\s*/g, ' ');
  const pack = /^npm pack (.*) --pack-destination (\S+)$/m.exec(command);
  assert.ok(pack, command);
  const workspaces = [...pack![1]!.matchAll(/-w (\S+)/g)].map((m) => m[1]);
  assert.equal(workspaces, PACKAGES);
  assert.match(command, new RegExp(`^npm install ${pack![2]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\*\\.tgz$`, 'm'));
  assert.match(command, /^npx gradstream train$/m);
});

test.run();
