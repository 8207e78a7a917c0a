#!/usr/bin/env node
// The `gradstream` command. `npm ci` links this committed file as the bin, before anything is built,
// so it loads what exists: in a clone (src/ present) it runs the TypeScript sources through tsx, and the
// sibling packages resolve to their sources as well (in the clone their `exports` point at src/); in an
// installed tarball (no src/, exports rewritten to dist/ by prepack) it runs the built dist/ with plain
// Node. Preferring src/ in a clone means a stale dist/ can never run instead of the code being edited.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/main.ts', import.meta.url);
if (existsSync(fileURLToPath(source))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import('../dist/main.js');
}
