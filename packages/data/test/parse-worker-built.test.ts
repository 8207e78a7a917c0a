// The parse worker as an installed package runs it: the package built by tsc (as `npm pack` builds dist/), then used
// by plain Node with no tsx; its worker starts from the built parse-worker.js and gives the batches the sources give.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { syntheticLinear } from '../src/index.js';
import { fileBatches$, writeCsv } from '../src/node.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));
// Under node_modules/, so that nothing in git sees it, and `rxjs` resolves from the workspace as it would when installed.
const out = join(pkg, 'node_modules', `.built-for-test-${process.pid}`);
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
test.after(() => rmSync(out, { recursive: true, force: true }));

/**
 * Runs a command to its end; resolves with its stdout, rejects with both outputs when it fails. Its stderr is kept
 * apart: Node may warn there (e.g. about NO_COLOR and FORCE_COLOR, both set under `npm test`).
 */
function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stdout}${stderr}`))));
  });
}

test('built with tsc and run by plain Node: parse "worker" starts the built parse-worker.js and gives the same batches', async () => {
  await run(process.execPath, [TSC, '-p', 'tsconfig.build.json', '--outDir', out], pkg);
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n'); // node_modules/ ends the package scope
  const data = join(out, 'rows.csv');
  await writeCsv(data, syntheticLinear({ n: 5_000, w: [1, -1, 3], seed: 11 }));
  const options = { batchSize: 50, shuffleBuffer: 400, seed: 6 };
  writeFileSync(
    join(out, 'check.mjs'),
    `import { fileBatches$ } from './node.js';\nconst sums = [];\n` +
      `fileBatches$(${JSON.stringify(data)}, { ...${JSON.stringify(options)}, parse: 'worker' }).subscribe({\n` +
      `  next: (b) => sums.push([b.index, b.X.reduce((s, v) => s + v, 0), b.y.reduce((s, v) => s + v, 0), b.indices[0]]),\n` +
      `  complete: () => console.log(JSON.stringify(sums)),\n  error: (e) => { console.error(e); process.exitCode = 1; },\n});\n`,
  );
  const printed = JSON.parse(await run(process.execPath, ['check.mjs'], out)) as number[][];
  const here = (await lastValueFrom(fileBatches$(data, { ...options, parse: 'inline' }).pipe(toArray()))).map((b) => [
    b.index,
    b.X.reduce((s, v) => s + v, 0),
    b.y.reduce((s, v) => s + v, 0),
    b.indices[0],
  ]);
  assert.is(printed.length, 100);
  assert.equal(printed, here);
});

test.run();
