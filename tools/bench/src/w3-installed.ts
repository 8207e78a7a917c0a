// W3 as a user who installed the packages runs it: the tarballs packed as the package test packs them
// (tools/package-test/test/pack.ts), installed into an empty folder, and one CSV epoch of
// `fileBatches$(…, reuse) → train` run there by plain Node, no tsx — parse `auto` (the worker) and `inline`
// alternated, 3 each, each a process of its own. It prints each process's peak RSS after loading the packages
// and after the epoch: the clone's W3 figure includes tsx's loading of the TypeScript sources (~106–110 MB).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packAll } from '../../package-test/test/pack.js';
import { fmt, median, printGoal } from './harness.js';
import { ensureStreamCsv } from './stream-file.js';

const rows = Number(process.env.W3_ROWS ?? 1_000_000);
const path = await ensureStreamCsv({ rows, d: 16, seed: 3 });
const dir = mkdtempSync(join(tmpdir(), 'gradstream-w3-installed-'));
const SCRIPT = `import { fileBatches$ } from '@gradstream/data/node';
import { train } from '@gradstream/trainer';
import { lastValueFrom } from 'rxjs';
const [path, parse] = process.argv.slice(2);
const loaded = process.resourceUsage().maxRSS / 1024;
const t = performance.now();
await lastValueFrom(fileBatches$(path, { batchSize: 64, shuffleBuffer: 10_000, seed: 3, reuse: true, parse }).pipe(train({ lr: 0.05, explain: false, init: { w: new Array(16).fill(0), b: 0 }, source: path })));
console.log(JSON.stringify({ wall: performance.now() - t, loaded, peak: process.resourceUsage().maxRSS / 1024 }));
`;

/** Runs a command to its end; its stdout, or an error with both outputs. */
function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.status !== 0) throw new Error(`W3 installed: ${cmd} ${args.join(' ')} exited with ${r.status}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

try {
  const tarballs = await packAll(join(dir, 'pack'));
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{ "name": "w3-installed", "private": true, "type": "module" }\n');
  const needed = tarballs.filter((t) => /gradstream-(events|data|autograd|trainer)-/.test(t));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...needed], app);
  writeFileSync(join(app, 'w3.mjs'), SCRIPT);
  const results: Record<string, { wall: number; loaded: number; peak: number }[]> = { auto: [], inline: [] };
  for (let round = 0; round < 3; round++) {
    for (const parse of ['auto', 'inline'] as const) results[parse]!.push(JSON.parse(run(process.execPath, ['w3.mjs', path, parse], app)));
  }
  console.log(`W3 installed packages (plain Node, no tsx): ${rows.toLocaleString('en-US')} rows × 16 CSV, fileBatches$(batch 64, shuffleBuffer 10000, reuse) → train, 1 epoch, a process a run`);
  for (const [parse, runs] of Object.entries(results)) {
    console.log(`  parse ${parse}: wall ${runs.map((r) => fmt(r.wall)).join(' / ')} ms; peak RSS after loading ${fmt(median(runs.map((r) => r.loaded)))} MB, after the epoch ${runs.map((r) => fmt(r.peak)).join(' / ')} MB`);
  }
  printGoal('W3 installed packages, parse auto, peak RSS (MB)', Math.max(...results.auto!.map((r) => r.peak)), 120, '<=');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
