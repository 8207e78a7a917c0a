#!/usr/bin/env node
// The `gradstream` command. `npm ci` links this committed file as the bin, before anything is built,
// so it loads what exists: in a clone (src/ present) it runs the TypeScript sources through tsx and
// resolves the sibling packages to their sources too (the `@gradstream/source` export condition);
// in a published install (no src/) it runs the built dist/. Preferring src/ in a clone means a stale
// dist/ can never run instead of the code being edited.
import { existsSync } from 'node:fs';
import { register as registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/main.ts', import.meta.url);
if (existsSync(fileURLToPath(source))) {
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  // Registered after tsx so that it runs first: it adds the condition, then tsx resolves .ts files.
  registerHooks('./source-condition.js', import.meta.url);
  await import(source.href);
} else {
  await import('../dist/main.js');
}
