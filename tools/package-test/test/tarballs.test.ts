// The packages as a user outside the repository gets them: every package packed (`npm pack`, its prepack
// builds), the tarballs installed into a temporary project outside the clone (their third-party
// dependencies from the registry), then used there with plain Node — no tsx, no workspace links:
// a Node ESM script trains the lesson, tsc checks TypeScript consumers with skipLibCheck false (NodeNext,
// Bundler, and a browser consumer without Node's types), and the installed `gradstream` runs train,
// explain, generate, serve and train --monitor with the page loaded in headless Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lastValueFrom, toArray } from 'rxjs';
import { chromium } from 'playwright-core';
import { trainLinearRegression } from '@gradstream/trainer';
import { packAll, PACKAGES, ROOT, run } from './pack.js';

const dir = mkdtempSync(join(tmpdir(), 'gradstream-package-test-'));
const project = join(dir, 'project');
const modules = join(project, 'node_modules');
const BIN = join(modules, 'gradstream/bin/gradstream.js');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// A child sees no tsx and no loader flags of this test process.
const ENV = { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0' };
const children: ChildProcess[] = [];
test.after(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Under `path` (symlinks not followed): the files' bytes, the disk space they take, and the symlinks outside node_modules/.bin. */
function walk(path: string, found = { bytes: 0, disk: 0, links: [] as string[] }): typeof found {
  for (const name of readdirSync(path)) {
    const entry = join(path, name);
    const stat = lstatSync(entry);
    if (stat.isSymbolicLink()) {
      if (!path.endsWith('/.bin')) found.links.push(entry);
    } else if (stat.isDirectory()) walk(entry, found);
    else {
      found.bytes += stat.size;
      found.disk += stat.blocks * 512;
    }
  }
  return found;
}

test('every package packs and the tarballs install into a project outside the repository, with no workspace links', async () => {
  const started = performance.now();
  const tarballs = await packAll(dir);
  assert.is(tarballs.length, PACKAGES.length, tarballs.join('\n'));
  cpSync(join(ROOT, 'tools/package-test/consumer'), project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  // @gradstream/redis (with its Redis client) is optional for the CLI: installed by those who use --redis, after the size check.
  const optional = tarballs.filter((t) => /gradstream-redis-[\d.]+\.tgz$/.test(t));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs.filter((t) => !optional.includes(t))], project, ENV);
  assert.not.ok(realpathSync(project).startsWith(realpathSync(ROOT)), 'the project is outside the clone');
  const { bytes, disk, links } = walk(modules);
  assert.equal(links, [], 'no symlinks in node_modules (but .bin)');
  for (const name of ['tsx', 'esbuild', 'typescript', 'uplot', 'playwright-core']) assert.not.ok(existsSync(join(modules, name)), `${name} is not installed`);
  const sizes = readdirSync(modules)
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(modules, name)).map((sub) => `${name}/${sub}`) : [name]))
    .filter((name) => !name.startsWith('.'))
    .map((name) => [name, walk(join(modules, name)).bytes] as const)
    .sort((a, b) => b[1] - a[1]);
  const mb = (n: number) => (n / 1e6).toFixed(1);
  console.log(`  installed: ${mb(bytes)} MB of files in node_modules, ${mb(disk)} MB on disk (${sizes.length} packages; largest ${sizes.slice(0, 5).map(([n, b]) => `${n} ${mb(b)} MB`).join(', ')}); packed and installed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  assert.ok(bytes < 20e6, `installed size ${mb(bytes)} MB, target under 20 MB`);
  assert.is(optional.length, 1, tarballs.join('\n'));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...optional], project, ENV);
  assert.ok(existsSync(join(modules, '@gradstream', 'redis', 'dist', 'index.js')), '@gradstream/redis installs too');
});

test('a plain Node ESM script trains the lesson with the installed @gradstream/trainer: the same epoch losses, bit for bit', async () => {
  const printed = JSON.parse(await run(process.execPath, ['train-lesson.mjs'], project, ENV)) as number[];
  const here = (await lastValueFrom(trainLinearRegression().pipe(toArray()))).flatMap((e) => (e.type === 'epoch' ? [e.loss] : []));
  assert.is(printed.length, 3);
  assert.equal(printed, here);
});

for (const config of ['tsconfig.nodenext.json', 'tsconfig.bundler.json', 'tsconfig.browser.json']) {
  test(`tsc --noEmit with skipLibCheck false passes over the consumer (${config})`, async () => {
    await run(process.execPath, [TSC, '-p', config], project, ENV);
  });
}

test('the installed gradstream train prints what the README shows, and explain, generate and --version run', async () => {
  const train = await run(process.execPath, [BIN, 'train'], project, ENV);
  const shown = readFileSync(join(ROOT, 'README.md'), 'utf8').match(/^```text\n([\s\S]*?)^```/m)![1].trim().split('\n');
  assert.equal(train.trim().split('\n').slice(0, 5), shown.slice(0, 5));
  const explain = await run(process.execPath, [BIN, 'explain'], project, ENV);
  assert.match(explain, /^One step of linear regression, computed number by number: SGD update, batch of 10 rows/);
  const generated = (await run(process.execPath, [BIN, 'generate', '--n', '3'], project, ENV)).trim().split('\n');
  assert.is(generated[0], 'x1,x2,y');
  assert.is(generated.length, 4);
  assert.is((await run(process.execPath, [BIN, '--version'], project, ENV)).trim(), '0.1.0');
});

test('the installed gradstream sweep records its grid with plain Node (runs of 20,000 steps, so a worker process from the built sweep-worker.js takes some) and sorts it', async () => {
  const runs = join(dir, 'sweep-runs');
  const table = await run(process.execPath, [BIN, 'sweep', '--lr', '0.03,0.3,3', '--n', '200000', '--epochs', '1', '--runs', runs, '--parallel', '2'], project, ENV);
  const rows = table.trim().split('\n').slice(1, 4).map((line) => line.split(/\s{2,}/).slice(0, 2).join(' '));
  assert.equal(rows, ['lr=0.03,bs=10,seed=42 done', 'lr=0.3,bs=10,seed=42 done', 'lr=3,bs=10,seed=42 diverged']);
  assert.equal(readdirSync(runs).sort(), ['lr=0.03,bs=10,seed=42', 'lr=0.3,bs=10,seed=42', 'lr=3,bs=10,seed=42']);
});

/** A port nothing listens on now: bound to port 0 by the system, then released. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the installed bin; resolves with the child and the first match of `re` in its output. */
async function started(args: string[], re: RegExp, input?: string): Promise<{ child: ChildProcess; match: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: project, env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('close', (code) => resolve(code));
    child.on('error', reject);
  });
  child.stdin!.end(input ?? '');
  let out = '';
  const match = await new Promise<string>((resolve, reject) => {
    const seen = (d: Buffer) => {
      out += d;
      const m = re.exec(out);
      if (m) resolve(m[1]);
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    exited.then((code) => reject(new Error(`gradstream ${args.join(' ')} exited with ${code} before printing ${re}:\n${out}`)));
  });
  return { child, match, exited };
}

test('the installed gradstream serve --stdin serves the prebuilt dashboard files; SIGTERM exits 143', async () => {
  const events = await run(process.execPath, [BIN, 'train', '--events', '--epochs', '1'], project, ENV);
  const { child, match: url, exited } = await started(['serve', '--stdin'], /^dashboard: (http:\/\/\S+)$/m, events);
  const page = await fetch(url);
  assert.is(page.status, 200);
  const script = await (await fetch(new URL('/app.js', url))).text();
  assert.is(script, readFileSync(join(modules, '@gradstream/monitor/dist/dashboard/app.js'), 'utf8'));
  child.kill('SIGTERM');
  assert.is(await exited, 143);
});

test('the installed gradstream train --monitor PORT: the page, loaded in headless Chromium, follows the run to its end', async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  try {
    const port = await freePort();
    const { match: url, exited } = await started(['train', '--monitor', String(port), '--steps-per-second', 'max', '--exit-when-done'], /^dashboard: (http:\/\/\S+)$/m);
    assert.match(url, `:${port}/`);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(url);
    type Hook = { __gradstream?: { state: string; epochs: number; latest: { globalStep: number } | null } };
    await page.waitForFunction(() => (globalThis as unknown as Hook).__gradstream?.state === 'done', undefined, { timeout: 30_000 });
    const seen = await page.evaluate(() => (globalThis as unknown as Hook).__gradstream!);
    assert.is(seen.epochs, 3);
    assert.is(seen.latest?.globalStep, 300);
    assert.equal(errors, []);
    assert.is(await exited, 0);
  } finally {
    await browser.close();
  }
});

test.run();
