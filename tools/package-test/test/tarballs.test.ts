// The packages as a user outside the repository gets them: every package packed (`npm pack`, its prepack
// builds), the tarballs installed into a temporary project outside the clone (their third-party
// dependencies from the registry), then used there with plain Node — no tsx, no workspace links:
// a Node ESM script trains the lesson, tsc checks TypeScript consumers with skipLibCheck false (NodeNext,
// Bundler, and a browser consumer without Node's types), and the installed `gradstream` runs train,
// explain, generate, serve and train --monitor with the page loaded in headless Chromium, and starts its worker
// threads from the built files: train --redis (the publishing thread) and train --data on a file of 8 MiB (the parse worker).
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lastValueFrom, toArray } from 'rxjs';
import { chromium } from 'playwright-core';
import { trainLinearRegression } from '@gradstream/trainer';
import type { TrainEvent } from '@gradstream/events';
import { startRedis } from '../../../packages/redis/test/helpers/redis-server.js';
import { packAll, PACKAGES, ROOT, run, runOutputs } from './pack.js';
import { workerThreadsLog } from './worker-threads-log.js';

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
  // A Node TypeScript project brings Node's types, and ws's (the monitor's optional peer), as the clone's versions. The
  // consumer below found them before only through a node_modules above the project (/tmp/node_modules on one machine).
  const types = ['@types/node', '@types/ws'].map((name) => `${name}@${JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version}`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...optional, ...types], project, ENV);
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

/** The installed bin with Node's worker-thread log on stderr (NODE_DEBUG=worker); it must exit 0 by itself within 30 s. */
const traced = (args: string[]) => runOutputs(process.execPath, [BIN, ...args], project, { ...ENV, NODE_DEBUG: 'worker' }, 30_000);
const ndjson = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line) as TrainEvent);

test('the installed gradstream train --redis URL publishes from the built publishing thread, exits 0 by itself, and the run reads back from Redis', async () => {
  const redis = await startRedis();
  try {
    const { stdout, stderr } = await traced(['train', '--redis', redis.url, '--epochs', '1']);
    const summary = /^redis: run (\S+) in redis:\/\/127\.0\.0\.1:\d+: (\d+) events stored$/m.exec(stdout);
    assert.ok(summary, stdout);
    const [, runId, count] = summary;
    assert.is(runId, 'lr=0.03,bs=10,seed=42');
    assert.equal(workerThreadsLog(stderr), { scripts: [join(realpathSync(modules), '@gradstream/redis/dist/publish-thread-main.js')], uncaught: 0 }, stderr);
    // Read back by a plain Node script with the installed @gradstream/redis (XRANGE on gradstream:run:<id>, steps decoded).
    const stored = ndjson(await run(process.execPath, ['read-redis-run.mjs', redis.url, runId], project, ENV, 30_000));
    const local = ndjson(await run(process.execPath, [BIN, 'train', '--events', '--epochs', '1'], project, ENV));
    assert.is(stored.length, Number(count));
    assert.equal(stored.map((e) => e.type), local.map((e) => e.type));
    const losses = (events: TrainEvent[]) => events.flatMap((e) => (e.type === 'step' || e.type === 'epoch' ? [e.loss] : []));
    assert.is(losses(stored).length, 101);
    assert.equal(losses(stored), losses(local));
  } finally {
    await redis.stop();
  }
});

test('the installed gradstream train --data FILE of 8 MiB or more parses it on a worker thread started from the built parse-worker.js', async () => {
  const csv = join(dir, 'rows.csv');
  writeFileSync(csv, await run(process.execPath, [BIN, 'generate', '--n', '160000'], project, ENV));
  assert.ok(statSync(csv).size >= 8 << 20, `${statSync(csv).size} bytes, at least 8 MiB`);
  const { stdout, stderr } = await traced(['train', '--data', csv, '--epochs', '1']);
  assert.match(stdout, /^epoch 1, loss \d+\.\d+$/m);
  assert.match(stdout, /\(16000 steps, /);
  // A parse worker that cannot start is dropped without a word (the file is parsed inline): Node's log is the proof.
  const { scripts, uncaught } = workerThreadsLog(stderr);
  assert.is(uncaught, 0, stderr);
  const script = join(realpathSync(modules), '@gradstream/data/dist/parse-worker.js');
  if (availableParallelism() < 2) assert.equal(scripts, [], 'one core: parsed inline');
  else assert.ok(scripts.length > 0 && scripts.every((s) => s === script), `parse worker scripts: ${JSON.stringify(scripts)}\n${stderr}`);
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
