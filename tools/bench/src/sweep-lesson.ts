// W6, a sweep of the lesson: the issue's 8 runs (lr 0.003, 0.03, 0.3, 3 × batch 10, 100), each recorded in
// a fresh directory of runs, made three ways with the real `gradstream` bin, alternating:
//   one after another   8 × `gradstream train --lr X --batch-size Y --runs DIR`, as a user would type them;
//   sweep --parallel 1  one `gradstream sweep`, its runs one after another in one worker process;
//   sweep --parallel 2  the same with two worker processes.
// Every contender must leave the same 8 runs (6 done, 2 diverged) before its time counts. Goal (issue 16):
// sweep --parallel 2 ≤ 0.65 × one after another on this 2-core machine.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternate, printGoal, printTable } from './harness.js';

const BIN = fileURLToPath(new URL('../../cli/bin/gradstream.js', import.meta.url));
const LRS = ['0.003', '0.03', '0.3', '3'];
const BATCHES = ['10', '100'];

function gradstream(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => {
      // train exits 1 for a diverged run; anything else is a failure of the benchmark.
      if (code === 0 || (code === 1 && /diverged/.test(stderr))) resolve();
      else reject(new Error(`gradstream ${args.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

/** The runs a contender left: "id last-event" lines, so the three can be compared. */
function outcome(dir: string): string {
  return readdirSync(dir)
    .sort()
    .map((id) => {
      const lines = readFileSync(join(dir, id, 'events.ndjson'), 'utf8').trim().split('\n');
      return `${id} ${(JSON.parse(lines.at(-1)!) as { type: string }).type}`;
    })
    .join('\n');
}

const fresh = () => mkdtempSync(join(tmpdir(), 'gradstream-bench-sweep-'));
let last = new Map<string, string>();
const contender = (name: string, make: (dir: string) => Promise<void>) => ({
  name,
  run: async () => {
    const dir = fresh();
    await make(dir);
    last.set(name, outcome(dir));
  },
});
const contenders = [
  contender('one after another (8 × train)', async (dir) => {
    for (const lr of LRS) for (const bs of BATCHES) await gradstream(['train', '--lr', lr, '--batch-size', bs, '--runs', dir]);
  }),
  contender('sweep --parallel 1', (dir) => gradstream(['sweep', '--lr', LRS.join(','), '--batch-size', BATCHES.join(','), '--runs', dir, '--parallel', '1'])),
  contender('sweep --parallel 2', (dir) => gradstream(['sweep', '--lr', LRS.join(','), '--batch-size', BATCHES.join(','), '--runs', dir, '--parallel', '2'])),
];

for (const c of contenders) await c.run();
const outcomes = new Set(last.values());
if (outcomes.size !== 1 || !/^(.* done\n){6}.* error\n.* error$/.test([...outcomes][0] + '')) {
  throw new Error(`W6: the contenders left different runs:\n${[...last].map(([n, o]) => `${n}:\n${o}`).join('\n')}`);
}
last = new Map();
const results = await alternate(contenders, { warmup: 0, rounds: 5 });
printTable(`W6 sweep of the lesson: 8 runs (lr ${LRS.join(', ')} × batch ${BATCHES.join(', ')}), each recorded, ${cpus().length} cores`, results, { unit: 'ms' });
const [sequential, , parallel2] = results.map((r) => r.median);
printGoal('W6 sweep --parallel 2 / one after another', parallel2 / sequential, 0.65, '<=');

// W6b: the same grid on 200× the data (n = 200,000, 2 epochs: 4,000–40,000 steps a run), where a run outlasts a
// worker's start; the lesson's runs (30–300 steps, ~50 ms) are shorter than a worker's start (~0.8 s of CPU here).
const LONG = ['--n', '200000', '--epochs', '2'];
const long = [1, 2].map((p) => contender(`sweep --parallel ${p}, n=200000`, (dir) => gradstream(['sweep', '--lr', LRS.join(','), '--batch-size', BATCHES.join(','), ...LONG, '--runs', dir, '--parallel', String(p)])));
const longResults = await alternate(long, { warmup: 0, rounds: 3 });
printTable('W6b the same 8 runs on n = 200,000 rows, 2 epochs', longResults, { unit: 'ms' });
