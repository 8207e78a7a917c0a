// W3, streaming: 1,000,000 rows × 16 features from a CSV file through rows$ + shuffleBuffer +
// toBatches + train (one pass): rows/s and the peak RSS of this process. The runner (main.ts)
// generates the file beforehand, so its generation counts neither in the time nor in the RSS.
import { performance } from 'node:perf_hooks';
import { lastValueFrom, tap } from 'rxjs';
import { shuffleBuffer, toBatches } from '@gradstream/data';
import { rows$ } from '@gradstream/data/node';
import { train } from '@gradstream/trainer';
import { ensureStreamCsv } from './stream-file.js';
import { fmt, printGoal } from './harness.js';

const rows = Number(process.env.W3_ROWS ?? 1_000_000);
const d = 16;
const path = await ensureStreamCsv({ rows, d, seed: 3 });

const t0 = performance.now();
let trained = 0;
let failure: string | undefined;
let epochLoss = NaN;
await lastValueFrom(
  rows$(path).pipe(
    shuffleBuffer(10_000, 3),
    toBatches(64),
    train({ lr: 0.05, explain: false, init: { w: new Array(d).fill(0), b: 0 }, source: path }),
    tap((e) => {
      if (e.type === 'step') trained += e.size;
      if (e.type === 'epoch') epochLoss = e.loss;
      if (e.type === 'error') failure = e.message;
    }),
  ),
);
const elapsed = performance.now() - t0;
if (failure || trained !== rows) throw new Error(`W3: trained ${trained} of ${rows} rows${failure ? `: ${failure}` : ''}`);
const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(`\nW3 stream: ${rows.toLocaleString('en-US')} rows × ${d} features from CSV, shuffleBuffer(10000), batch 64, 1 epoch`);
console.log(`  ${fmt(elapsed / 1000)} s, ${fmt((rows / elapsed) * 1000)} rows/s, epoch loss ${fmt(epochLoss)}, peak RSS ${fmt(peakMb)} MB`);
printGoal('W3 peak RSS (MB)', peakMb, 200, '<=');
