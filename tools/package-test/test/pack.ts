/**
 * Test helper: `npm pack` of every publishable package, the way a maintainer publishes them, but from a
 * copy of the workspace in a temporary folder. Packing rewrites each package.json for the tarball (its
 * prepack, tools/scripts/pack.mjs) and builds dist/; doing that in a copy leaves the work tree that other
 * people are editing untouched. The copy's node_modules links to the clone's installed dependencies,
 * except @gradstream/*, which point at the copied packages.
 *
 * @example
 * // not run: it builds and packs every package (~30 s)
 * const tarballs = await packAll('/tmp/out');
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The publishable packages, in dependency order. */
export const PACKAGES = ['packages/events', 'packages/data', 'packages/autograd', 'packages/trainer', 'packages/monitor', 'packages/redis', 'packages/runs', 'tools/cli'];
const SKIP = new Set(['node_modules', 'dist', 'test', 'bench', 'artifacts']);

/** Copies the packages (sources, manifests, build configs) and what their builds read into `stage`. */
export function stageWorkspace(stage: string): void {
  for (const pkg of PACKAGES) {
    const from = join(ROOT, pkg);
    cpSync(from, join(stage, pkg), {
      recursive: true,
      filter: (path) => {
        const rel = relative(from, path);
        return rel === '' || (!rel.split('/').some((part) => SKIP.has(part)) && !basename(path).startsWith('.'));
      },
    });
  }
  cpSync(join(ROOT, 'tsconfig.base.json'), join(stage, 'tsconfig.base.json'));
  cpSync(join(ROOT, 'tools/scripts/pack.mjs'), join(stage, 'tools/scripts/pack.mjs'));
  const modules = join(stage, 'node_modules');
  mkdirSync(join(modules, '@gradstream'), { recursive: true });
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name === '@gradstream' || name === 'gradstream') continue;
    symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  }
  for (const pkg of PACKAGES) {
    const name = basename(pkg) === 'cli' ? 'gradstream' : `@gradstream/${basename(pkg)}`;
    symlinkSync(join(stage, pkg), join(modules, name));
  }
}

/**
 * Runs a command, killed with SIGTERM when it still runs after `timeoutMs` (default: never); resolves with its
 * stdout and stderr, rejects with both when it does not exit with 0.
 */
export function runOutputs(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, timeoutMs?: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject); // e.g. a cwd that does not exist
    child.on('close', (code, signal) => {
      if (code === 0) return resolve({ stdout: out, stderr: err });
      const killed = child.killed && timeoutMs !== undefined ? `, killed after ${timeoutMs} ms` : '';
      reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited with ${code ?? signal}${killed}:\n${out}${err}`));
    });
  });
}

/** Runs a command; resolves with its stdout, rejects with stdout and stderr when the exit code is not 0. */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, timeoutMs?: number): Promise<string> {
  return runOutputs(cmd, args, cwd, env, timeoutMs).then(({ stdout }) => stdout);
}

/** Stages the workspace in `dir`/stage and packs every package into `dir`/tarballs, two at a time; resolves to the tarball paths. */
export async function packAll(dir: string): Promise<string[]> {
  const stage = join(dir, 'stage');
  const out = join(dir, 'tarballs');
  mkdirSync(out, { recursive: true });
  stageWorkspace(stage);
  const queue = [...PACKAGES];
  const packOne = async (): Promise<void> => {
    for (let pkg = queue.shift(); pkg !== undefined; pkg = queue.shift()) {
      await run('npm', ['pack', '--pack-destination', out, '--silent'], join(stage, pkg));
    }
  };
  await Promise.all([packOne(), packOne()]);
  return readdirSync(out)
    .filter((f) => f.endsWith('.tgz'))
    .sort()
    .map((f) => join(out, f));
}
