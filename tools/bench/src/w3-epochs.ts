/**
 * W3 over several epochs, run the way a user runs it: `gradstream train --data FILE --epochs E --batch-size 64`
 * and `cat FILE | gradstream train --stdin --epochs E --batch-size 64` for E = 1 and 3, on the W3 CSV and NDJSON
 * files (1,000,000 rows × 16 features). Each run is a process of its own under `/usr/bin/time`, which reports
 * its peak RSS; the goal (issue 18) is that three epochs peak within 20 MB of one epoch: the file is re-read,
 * and stdin is spilled to a temporary float64 file and read back, so no epoch holds the rows.
 * Prints seconds, rows/s (rows × epochs / wall time, process start included) and peak RSS of each run.
 *
 * @example
 * // not run: trains on a 1M-row file eight times (minutes); the bench runs it (main.ts w3-epochs)
 * import './w3-epochs.js';
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fmt, printGoal } from './harness.js';
import { ensureStreamCsv, ensureStreamNdjson } from './stream-file.js';

const TIME = '/usr/bin/time';
const BIN = fileURLToPath(new URL('../../cli/bin/gradstream.js', import.meta.url));
const rows = Number(process.env.W3_ROWS ?? 1_000_000);
const shape = { rows, d: 16, seed: 3 };

/** One CLI run; its wall time and peak RSS (MB) as /usr/bin/time measured them. */
function runCli(path: string, source: 'file' | 'stdin', epochs: number): { seconds: number; peakMb: number } {
  const train = `"${process.execPath}" "${BIN}" train --epochs ${epochs} --batch-size 64`;
  const measured = `${TIME} -f "gradstream-bench %e %M"`;
  const command = source === 'file' ? `${measured} ${train} --data "${path}"` : `cat "${path}" | ${measured} ${train} --stdin`;
  const result = spawnSync('sh', ['-c', command], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = /gradstream-bench ([\d.]+) (\d+)/.exec(result.stderr);
  if (result.status !== 0 || !line) throw new Error(`W3 epochs: ${command} failed (exit ${result.status}): ${result.stderr.slice(-2000)}`);
  const epochLines = result.stdout.split('\n').filter((l) => l.startsWith('epoch ')).length;
  if (epochLines !== epochs) throw new Error(`W3 epochs: ${command} printed ${epochLines} epochs, expected ${epochs}`);
  return { seconds: Number(line[1]), peakMb: Number(line[2]) / 1024 };
}

if (!existsSync(TIME)) {
  console.log(`\nW3 epochs: skipped (${TIME} is needed to read each run's peak RSS)`);
} else {
  const files = { CSV: await ensureStreamCsv(shape), NDJSON: await ensureStreamNdjson(shape) };
  for (const [format, path] of Object.entries(files)) {
    const mb = statSync(path).size / 1e6;
    console.log(`\nW3 epochs (${format}, ${rows.toLocaleString('en-US')} rows × 16, ${fmt(mb)} MB): gradstream train --batch-size 64, each run its own process`);
    for (const source of ['file', 'stdin'] as const) {
      const figures = [1, 3].map((epochs) => ({ epochs, ...runCli(path, source, epochs) }));
      for (const f of figures) {
        const how = source === 'file' ? `--data FILE --epochs ${f.epochs}` : `cat FILE | train --stdin --epochs ${f.epochs}`;
        console.log(`  ${how}: ${fmt(f.seconds)} s, ${fmt((rows * f.epochs) / f.seconds)} rows/s, peak RSS ${fmt(f.peakMb)} MB`);
      }
      printGoal(`W3 ${format} ${source}: peak RSS growth from 1 to 3 epochs (MB)`, figures[1].peakMb - figures[0].peakMb, 20, '<=');
    }
  }
}
