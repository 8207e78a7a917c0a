import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What `new Worker(filename, { eval })` needs to start the parse worker. */
export interface WorkerScript {
  filename: string | URL;
  eval: boolean;
}

let script: Promise<WorkerScript> | undefined;

/**
 * The parse worker's code, found once per process. Built (an installed package, `dist/`): `parse-worker.js`
 * next to this file. In the clone, where the sources are TypeScript run by tsx, Node 20 gives a worker thread
 * none of tsx's loader hooks (`--import tsx` in its `execArgv` does not register them, and registering tsx
 * inside the worker costs ~250 ms and ~35 MB), so `parse-worker.ts` and what it imports are bundled into one
 * script by esbuild (a development dependency of the clone), in its own process while the caller goes on
 * (~150 ms), and kept in the clone's `node_modules/.cache/gradstream/` under a hash of this folder's sources: later
 * processes start the worker from that file at once (~30 ms), and any edit to a source makes a new bundle (the
 * older ones are removed). Not the OS temp folder: a file there, at a name anyone can work out, could be planted by
 * another user of the machine and would run as this one.
 *
 * @example
 * import { parseWorkerScript } from './parse-worker-script.js';
 * const { eval: isCode } = await parseWorkerScript();
 * console.log(isCode); // false (a file: the built parse-worker.js, or in the clone a bundle of it)
 */
export function parseWorkerScript(): Promise<WorkerScript> {
  script ??= import.meta.url.endsWith('.ts') ? bundle() : Promise.resolve({ filename: new URL('./parse-worker.js', import.meta.url), eval: false });
  return script;
}

interface Esbuild {
  build(options: object): Promise<{ outputFiles: { text: string }[] }>;
}

async function bundle(): Promise<WorkerScript> {
  const require = createRequire(import.meta.url);
  const folder = fileURLToPath(new URL('.', import.meta.url));
  // esbuild's version from its package.json: esbuild itself (3.5 MB) is loaded only to make a new bundle.
  const hash = createHash('sha256').update(readFileSync(require.resolve('esbuild/package.json')));
  for (const name of readdirSync(folder).sort()) if (name.endsWith('.ts')) hash.update(name).update(readFileSync(join(folder, name)));
  const cache = join(dirname(require.resolve('esbuild/package.json')), '..', '.cache', 'gradstream');
  const name = `parse-worker-${hash.digest('hex').slice(0, 16)}.cjs`;
  const cached = join(cache, name);
  if (existsSync(cached)) return { filename: cached, eval: false };
  const entry = join(folder, 'parse-worker.ts');
  const esbuild = require('esbuild') as Esbuild;
  const built = await esbuild.build({ entryPoints: [entry], bundle: true, format: 'cjs', platform: 'node', target: 'node20', write: false, logLevel: 'silent' });
  const code = built.outputFiles[0].text;
  try {
    mkdirSync(cache, { recursive: true });
    for (const old of readdirSync(cache)) if (/^parse-worker-[0-9a-f]{16}\.cjs$/.test(old) && old !== name) rmSync(join(cache, old), { force: true });
    const partial = `${cached}.${process.pid}.partial`;
    writeFileSync(partial, code);
    renameSync(partial, cached); // whole or absent, even with other processes bundling at the same time
    return { filename: cached, eval: false };
  } catch {
    return { filename: code, eval: true }; // a temp folder we cannot write: the bundle runs from memory
  }
}
