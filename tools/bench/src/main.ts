// `npm run bench` (root) → every package's bench target, this one included: workloads W1–W3 of the
// gradstream benchmark, each in a process of its own (so one workload's heap, JIT state and RSS
// never colour another's), one after the other, printing medians, ratios and goals; W8 the moons MLP
// (w8-moons.ts). W4 (the monitor with 100 subscribers) is the monitor package's own bench target
// (packages/monitor/bench).
//
//   npx nx bench bench            # only these workloads
//   W3_ROWS=100000 npx nx bench bench   # a smaller streaming file for a quick look
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const workloads = ['w1-lesson.ts', 'w2-large.ts', 'prepare-stream.ts', 'w3-stream.ts', 'w3-batches.ts', 'w3-ndjson.ts', 'w3-ndjson-batches.ts', 'w3-installed.ts', 'w3-epochs.ts', 'sweep-lesson.ts', 'redis-streams.ts', 'redis-catchup.ts', 'w8-moons.ts'];
const only = process.argv.slice(2);

console.log(`gradstream benchmarks — ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`);
let failed = 0;
for (const file of workloads) {
  if (only.length > 0 && !only.some((o) => file.startsWith(o))) continue;
  const result = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed++;
    console.error(`${file} failed (exit ${result.status ?? result.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
