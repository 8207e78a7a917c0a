/**
 * W3, streaming, for one file format: 1,000,000 rows × 16 features through `rows$ → shuffleBuffer(10000) →
 * toBatches(64) → train` (`rows`: rows$ runs that pipe as fileBatches$, each batch in fresh arrays), or
 * `fileBatches$(file, { batchSize: 64, shuffleBuffer: 10000, reuse: true }) → train` (`batches`: two sets of batch
 * arrays reused), one epoch, against the byte-parse floor (parse only, no training) in the same process.
 * Prints rows/s, MB/s, the ratio to the floor and this process's peak RSS. The floor runs first (3 times,
 * median; it holds one 1 MiB buffer), so the peak RSS is the pipeline's. The runner (main.ts) writes the
 * input files beforehand, in another process.
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

  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let trained = 0;
  let failure: string | undefined;
  let epochLoss = NaN;
  await lastValueFrom(
    (pipeline === 'rows'
      ? rows$(path).pipe(shuffleBuffer(10_000, 3), toBatches(64))
      : fileBatches$(path, { batchSize: 64, shuffleBuffer: 10_000, seed: 3, reuse: true })
    ).pipe(
      train({ lr: 0.05, explain: false, init: { w: new Array(d).fill(0), b: 0 }, source: path }),
      tap((e) => {
        if (e.type === 'step') trained += e.size;
        if (e.type === 'epoch') epochLoss = e.loss;
        if (e.type === 'error') failure = e.message;
      }),
    ),
  );
  const elapsed = performance.now() - t0;
  const pipelineCpu = cpuMs(process.cpuUsage(cpu0));
  const floorCpu = median(floorCpuMs);
  if (failure || trained !== rows) throw new Error(`W3: trained ${trained} of ${rows} rows${failure ? `: ${failure}` : ''}`);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const name = `${format.toUpperCase()} ${pipeline}`;
  const how = pipeline === 'rows' ? 'rows$ → shuffleBuffer(10000) → toBatches(64)' : 'fileBatches$(batch 64, shuffleBuffer 10000, reuse)';
  console.log(`\nW3 stream (${name}): ${rows.toLocaleString('en-US')} rows × ${d} features, ${fmt(mb)} MB, ${how} → train, 1 epoch`);
  console.log(`  floor (byte parse only, median of 3): ${fmt(floor / 1000)} s, ${fmt((rows / floor) * 1000)} rows/s, ${fmt((mb / floor) * 1000)} MB/s`);
  console.log(
    `  pipeline: ${fmt(elapsed / 1000)} s, ${fmt((rows / elapsed) * 1000)} rows/s, ${fmt((mb / elapsed) * 1000)} MB/s, ` +
      `epoch loss ${fmt(epochLoss)}, peak RSS ${fmt(peakMb)} MB`,
  );
  // CPU time (user + system, all threads) moves less than wall time when other work loads the machine.
  console.log(`  CPU time: floor ${fmt(floorCpu / 1000)} s, pipeline ${fmt(pipelineCpu / 1000)} s, ratio ${fmt(pipelineCpu / floorCpu)}`);
  printGoal(`W3 ${name} rows/s (M)`, rows / elapsed / 1000, 1.0, '>=');
  printGoal(`W3 ${name} pipeline / floor`, elapsed / floor, 1.5, '<=');
  printGoal(`W3 ${name} peak RSS (MB)`, peakMb, 120, '<=');
}

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
