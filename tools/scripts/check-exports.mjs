#!/usr/bin/env node
// The public API check: every name a package exports from src/index.ts (or src/node.ts) is either used by another package
// (its src, tests, benchmarks or the tools) or documented public API, with an `@example` in its doc comment.
// A type counts as documented when a documented export of its package names it in its signature (the
// options type of a documented function). Prints the offenders per package and exits 1 when there are any.
//
// @example
// import { exportedNames } from './check-exports.mjs';
// console.log(exportedNames('packages/events').length > 0); // true
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGES = ['events', 'data', 'autograd', 'trainer', 'monitor', 'redis', 'runs'];
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONSUMER_DIRS = ['src', 'test', 'bench', 'dashboard', 'bin'];

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : files(path);
    return /\.(ts|mjs|js)$/.test(name) && !name.endsWith('.d.ts') && !name.startsWith('.') ? [path] : [];
  });
}

/** Each entry point's source: src/index.ts, and src/node.ts for the Node-only parts (`@gradstream/<pkg>/node`). */
const ENTRIES = ['src/index.ts', 'src/node.ts'];

/** `{ name, from, type }` for each name in `export { … } from './x.js'` / `export type { … }` lines of the entry points. */
export function exportedNames(packageDir) {
  const index = ENTRIES.map((e) => join(packageDir, e)).filter((f) => existsSync(f)).map((f) => readFileSync(f, 'utf8')).join('\n');
  const names = [];
  for (const m of index.matchAll(/export\s+(type\s+)?\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
    for (const part of m[2].split(',').map((p) => p.trim()).filter(Boolean)) {
      const type = Boolean(m[1]) || part.startsWith('type ');
      const [local, alias] = part.replace(/^type\s+/, '').split(/\s+as\s+/);
      names.push({ name: alias ?? local, local, from: m[3], type });
    }
  }
  return names;
}

const escape = (name) => name.replace(/[$]/g, '\\$');
/** `name` as a whole identifier (`rows$` included). */
const word = (name) => new RegExp(`(?<![\\w$])${escape(name)}(?![\\w$])`);

/**
 * The doc comment right above the declaration of `name` in `file`, and what the declaration says: a
 * function's signature, or the whole body of an interface, type or class (the types it is made of).
 */
function declaration(file, name) {
  const text = readFileSync(file, 'utf8');
  const decl = new RegExp(`^export\\s+(?:declare\\s+)?(?:abstract\\s+)?(?:async\\s+)?(function\\*?|class|const|let|interface|type|enum)\\s+${escape(name)}(?![\\w$])`, 'm');
  const m = decl.exec(text);
  if (!m) {
    // Re-exported (a barrel such as trainer's reference.ts): follow it to the file that declares the name.
    const again = [...text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s*from\s*'([^']+)'/g)].find(([, list]) => word(name).test(list));
    return again ? declaration(join(dirname(file), again[2].replace(/\.js$/, '.ts')), name) : undefined;
  }
  const before = text.slice(0, m.index).trimEnd();
  const doc = before.endsWith('*/') ? before.slice(before.lastIndexOf('/**')) : '';
  const rest = text.slice(m.index);
  const end = m[1].startsWith('function') ? rest.search(/\{\n/) : rest.search(/^\}/m);
  return { doc, signature: end < 0 ? rest.split('\n')[0] : rest.slice(0, end + 1) };
}

/** Files in the other packages and the tools that import `@gradstream/<pkg>`, with their text. */
function consumers(pkg) {
  const dirs = [
    ...PACKAGES.filter((p) => p !== pkg).flatMap((p) => CONSUMER_DIRS.map((d) => join(ROOT, 'packages', p, d))),
    ...readdirSync(join(ROOT, 'tools')).map((t) => join(ROOT, 'tools', t)),
  ];
  const spec = `@gradstream/${pkg}`;
  return dirs.flatMap(files).map((f) => readFileSync(f, 'utf8')).filter((text) => text.includes(`'${spec}'`) || text.includes(`'${spec}/node'`));
}

/** Per package: the exported names neither used elsewhere nor documented with an @example. */
export function checkExports(root = ROOT) {
  return PACKAGES.map((pkg) => {
    const dir = join(root, 'packages', pkg);
    const names = exportedNames(dir);
    const users = consumers(pkg);
    const used = (name) => users.some((text) => word(name).test(text));
    const decls = new Map(names.map((n) => [n.name, declaration(resolveSource(dir, n.from), n.local)]));
    // Public: used elsewhere or documented with an example; then, to a fixpoint, the types a public name is made of.
    const ok = new Set(names.filter((n) => used(n.name) || decls.get(n.name)?.doc.includes('@example')).map((n) => n.name));
    for (let grew = true; grew; ) {
      grew = false;
      for (const n of names) {
        if (ok.has(n.name) || !n.type) continue;
        if ([...ok].some((o) => decls.get(o) && word(n.name).test(decls.get(o).signature))) {
          ok.add(n.name);
          grew = true;
        }
      }
    }
    const offenders = names
      .filter((n) => !ok.has(n.name))
      .map((n) => `${n.name}${n.type ? ' (type)' : ''} from ${n.from}${decls.get(n.name) ? '' : ' (declaration not found)'}`);
    return { pkg, exported: names.length, offenders };
  });
}

function resolveSource(dir, from) {
  return join(dir, 'src', from.replace(/\.js$/, '.ts'));
}

function main() {
  const results = checkExports();
  let total = 0;
  for (const { pkg, exported, offenders } of results) {
    console.log(`${pkg}: ${exported} exported names, ${offenders.length} neither used by another package nor documented with an @example`);
    for (const o of offenders) console.log(`  ${o}`);
    total += offenders.length;
  }
  process.exit(total > 0 ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
