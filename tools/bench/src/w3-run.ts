/**
 * W3, streaming, for one file format: 1,000,000 rows × 16 features through `rows$ → shuffleBuffer(10000) →
 * toBatches(64) → train` (`rows`: rows$ runs that pipe as fileBatches$, each batch in fresh arrays), or
 * `fileBatches$(file, { batchSize: 64, shuffleBuffer: 10000, reuse: true }) → train` (`batches`: two sets of batch
 * arrays reused), one epoch, against the byte-parse floor (parse only, no training) in the same process.
 * `batches` runs 3 times with `parse: 'auto'` (the default: a parse worker thread takes over) and 3 times with
 * `parse: 'inline'`, alternated, and prints the medians. Prints rows/s, MB/s, the ratio to the floor, CPU time
 * of all threads and of the main thread and the parse worker apart (the slower of the two bounds the wall time
 * on two free cores, whatever the load), and this process's peak RSS after its first run. The floor runs first
 * (3 times, median; it holds one 1 MiB buffer). The runner (main.ts) writes the input files beforehand, in
 * another process.
 *
 * @example
 * // not run: reads and trains on a generated file of up to 1M rows (minutes); the bench runs it (main.ts w3)
 * import { runW3 } from './w3-run.js';
 * await runW3('csv', 'rows');
 */
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { lastValueFrom, tap } from 'rxjs';
import { shuffleBuffer, toBatches } from '@gradstream/data';
import { fileBatches$, rows$ } from '@gradstream/data/node';
import { train } from '@gradstream/trainer';
import { byteParseFloor } from './byte-floor.js';
import { fmt, median, printGoal } from './harness.js';
import { ensureStreamCsv, ensureStreamNdjson } from './stream-file.js';
import { threadCpu, threadCpuSince } from './thread-cpu.js';

export async function runW3(format: 'csv' | 'ndjson', pipeline: 'rows' | 'batches'): Promise<void> {
  const rows = Number(process.env.W3_ROWS ?? 1_000_000);
  const d = 16;
  const shape = { rows, d, seed: 3 };
  const path = format === 'csv' ? await ensureStreamCsv(shape) : await ensureStreamNdjson(shape);
  const mb = statSync(path).size / 1e6;

  const floorMs: number[] = [];
  const floorCpuMs: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const seen = byteParseFloor(path, format);
    floorMs.push(performance.now() - t);
    floorCpuMs.push(cpuMs(process.cpuUsage(cpu)));
    if (seen.rows !== rows) throw new Error(`W3 floor: parsed ${seen.rows} of ${rows} rows`);
  }
  const floor = median(floorMs);

  // `batches`: parse auto (a parse worker; the default) and inline, alternated, 3 runs each, in this process.
  // `rows`: once, as rows$ fuses it (auto too). The peak RSS is read after the first run (auto's).
  const modes: ('auto' | 'inline')[] = pipeline === 'rows' ? ['auto'] : ['auto', 'inline', 'auto', 'inline', 'auto', 'inline'];
  const runs: Record<'auto' | 'inline', Run[]> = { auto: [], inline: [] };
  let peakMb = 0;
  for (const parse of modes) {
    runs[parse].push(await onePipeline(path, rows, d, pipeline, parse));
    peakMb ||= process.resourceUsage().maxRSS / 1024;
  }
  const floorCpu = median(floorCpuMs);
  const name = `${format.toUpperCase()} ${pipeline}`;
  const how = pipeline === 'rows' ? 'rows$ → shuffleBuffer(10000) → toBatches(64)' : 'fileBatches$(batch 64, shuffleBuffer 10000, reuse)';
  console.log(`\nW3 stream (${name}): ${rows.toLocaleString('en-US')} rows × ${d} features, ${fmt(mb)} MB, ${how} → train, 1 epoch`);
  console.log(`  floor (byte parse only, median of 3): ${fmt(floor / 1000)} s, ${fmt((rows / floor) * 1000)} rows/s, ${fmt((mb / floor) * 1000)} MB/s, CPU ${fmt(floorCpu / 1000)} s`);
  for (const parse of ['auto', 'inline'] as const) {
    const done = runs[parse];
    if (done.length === 0) continue;
    const wall = median(done.map((r) => r.wall));
    const cpu = median(done.map((r) => r.cpu));
    const main = median(done.map((r) => r.threads.main));
    const worker = median(done.map((r) => r.threads.started));
    console.log(
      `  pipeline, parse ${parse} (median of ${done.length}): ${fmt(wall / 1000)} s, ${fmt((rows / wall) * 1000)} rows/s, ${fmt((mb / wall) * 1000)} MB/s, ` +
        `epoch loss ${fmt(done[0].epochLoss)}; wall / floor ${fmt(wall / floor)}; CPU ${fmt(cpu / 1000)} s (all threads), ` +
        `main thread ${fmt(main / 1000)} s, parse worker ${fmt(worker / 1000)} s: the slower of the two / floor ${fmt(Math.max(main, worker) / floorCpu)}`,
    );
  }
  console.log(`  peak RSS (after the first run, parse auto): ${fmt(peakMb)} MB`);
  const wall = median(runs.auto.map((r) => r.wall));
  printGoal(`W3 ${name} rows/s (M)`, rows / wall / 1000, 1.0, '>=');
  printGoal(`W3 ${name} pipeline / floor`, wall / floor, 1.5, '<=');
  printGoal(`W3 ${name} peak RSS (MB)`, peakMb, 120, '<=');
}

interface Run {
  wall: number;
  cpu: number;
  threads: ReturnType<typeof threadCpuSince>;
  epochLoss: number;
}

/** One epoch through the pipeline → train; CPU per thread read at completion, before the parse worker ends. */
async function onePipeline(path: string, rows: number, d: number, pipeline: 'rows' | 'batches', parse: 'auto' | 'inline'): Promise<Run> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const before = threadCpu();
  let threads = { main: 0, started: 0, helpers: 0 };
  let trained = 0;
  let failure: string | undefined;
  let epochLoss = NaN;
  await lastValueFrom(
    (pipeline === 'rows'
      ? rows$(path).pipe(shuffleBuffer(10_000, 3), toBatches(64))
      : fileBatches$(path, { batchSize: 64, shuffleBuffer: 10_000, seed: 3, reuse: true, parse })
    ).pipe(
      train({ lr: 0.05, explain: false, init: { w: new Array(d).fill(0), b: 0 }, source: path }),
      tap({
        next: (e) => {
          if (e.type === 'step') trained += e.size;
          if (e.type === 'epoch') epochLoss = e.loss;
          if (e.type === 'error') failure = e.message;
        },
        complete: () => void (threads = threadCpuSince(before)),
      }),
    ),
  );
  const wall = performance.now() - t0;
  const cpu = cpuMs(process.cpuUsage(cpu0));
  if (failure || trained !== rows) throw new Error(`W3: trained ${trained} of ${rows} rows${failure ? `: ${failure}` : ''}`);
  return { wall, cpu, threads, epochLoss };
}

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
