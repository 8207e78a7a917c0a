#!/usr/bin/env node
// The `npm pack` / `npm publish` lifecycle of a gradstream package, run by npm in the package's folder.
//
// In the clone a package's `exports` point at its TypeScript sources (`./src/index.ts`), so any script in
// the clone runs with plain `npx tsx` and no build. A tarball must run with plain Node, so:
//   prepack   builds the package from a clean dist/ (`npm run build`) and rewrites package.json for the
//             tarball: each export `./src/X.ts` becomes `./dist/X.js` with types `./dist/X.d.ts`, and
//             `main`/`types` name the main entry for older resolvers. The clone's file waits in
//             `.package.json.clone` until
//   postpack  puts it back.
// A prepack that finds a `.package.json.clone` (a pack that died half-way) restores it first.
//
//   node ../../tools/scripts/pack.mjs prepack|postpack
//
// @example
// import { publishedManifest } from './pack.mjs';
// const m = publishedManifest({ name: 'x', exports: { '.': { types: './src/index.ts', default: './src/index.ts' } } });
// console.log(JSON.stringify(m.exports)); // {".":{"types":"./dist/index.d.ts","default":"./dist/index.js"}}
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SAVED = '.package.json.clone';

/** The tarball's package.json made from the clone's: exports (and main/types) point into dist/. */
export function publishedManifest(manifest) {
  const toDist = (target, ext) => {
    if (!/^\.\/src\/.+\.ts$/.test(target)) throw new Error(`pack: exports target must be ./src/<name>.ts. Value: \`${target}\`.`);
    return target.replace(/^\.\/src\//, './dist/').replace(/\.ts$/, ext);
  };
  const exports = Object.fromEntries(
    Object.entries(manifest.exports ?? {}).map(([entry, target]) => [entry, { types: toDist(target.types, '.d.ts'), default: toDist(target.default, '.js') }]),
  );
  const main = exports['.'];
  return { ...manifest, ...(main ? { main: main.default, types: main.types } : {}), exports };
}

function restore(dir) {
  if (existsSync(resolve(dir, SAVED))) renameSync(resolve(dir, SAVED), resolve(dir, 'package.json'));
}

export function prepack(dir = process.cwd()) {
  restore(dir);
  rmSync(resolve(dir, 'dist'), { recursive: true, force: true });
  const build = spawnSync('npm', ['run', 'build'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) throw new Error(`pack: \`npm run build\` failed in ${dir} (exit ${build.status ?? build.signal}).`);
  const text = readFileSync(resolve(dir, 'package.json'), 'utf8');
  writeFileSync(resolve(dir, SAVED), text);
  if (!JSON.parse(text).exports) return;
  writeFileSync(resolve(dir, 'package.json'), `${JSON.stringify(publishedManifest(JSON.parse(text)), null, 2)}\n`);
}

export function postpack(dir = process.cwd()) {
  restore(dir);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const step = { prepack, postpack }[process.argv[2]];
  if (!step) {
    console.error(`usage: node tools/scripts/pack.mjs prepack|postpack. Value: \`${process.argv[2]}\`.`);
    process.exit(2);
  }
  step();
}
