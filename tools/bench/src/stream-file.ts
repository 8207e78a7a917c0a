/**
 * The W3 input: a CSV of `rows` synthetic rows × `d` features, written once into the OS temp folder
 * and reused by later runs (its name carries the shape and seed, so a different shape is a new file).
 *
 * @example
 * import { ensureStreamCsv } from './stream-file.js';
 * console.log(await ensureStreamCsv({ rows: 1000, d: 4, seed: 1 }));
 */
import { createReadStream, createWriteStream, existsSync, renameSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { syntheticLinear } from '@gradstream/data';

export async function ensureStreamCsv({ rows, d, seed }: { rows: number; d: number; seed: number }): Promise<string> {
  const path = join(tmpdir(), `gradstream-bench-${rows}x${d}-seed${seed}.csv`);
  if (existsSync(path) && statSync(path).size > 0) return path;
  const w = Array.from({ length: d }, (_, j) => (j % 2 === 0 ? 1 : -1) * (1 + j / d));
  const partial = `${path}.${process.pid}.partial`;
  const out = createWriteStream(partial);
  out.write(Array.from({ length: d }, (_, j) => `x${j + 1}`).join(',') + ',y\n');
  // Generated in slices so the writer never holds the whole dataset.
  const slice = 50_000;
  for (let start = 0, part = 0; start < rows; start += slice, part++) {
    const ds = syntheticLinear({ n: Math.min(slice, rows - start), w, b: 0.5, noise: 0.01, seed: seed + part });
    let text = '';
    for (let i = 0; i < ds.n; i++) {
      for (let j = 0; j < d; j++) text += ds.X[i * d + j].toPrecision(8) + ',';
      text += ds.y[i].toPrecision(10) + '\n';
    }
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(partial, path);
  return path;
}

/**
 * W3's NDJSON input: the CSV of {@link ensureStreamCsv} turned into one object a line with the same number
 * texts (`{"x1":0.12345678,…,"y":1.234567890}`), written once next to it.
 */
export async function ensureStreamNdjson(shape: { rows: number; d: number; seed: number }): Promise<string> {
  const csv = await ensureStreamCsv(shape);
  const path = csv.replace(/\.csv$/, '.ndjson');
  if (existsSync(path) && statSync(path).size > 0) return path;
  const partial = `${path}.${process.pid}.partial`;
  const out = createWriteStream(partial);
  let keys: string[] | undefined;
  for await (const line of createInterface({ input: createReadStream(csv), crlfDelay: Infinity })) {
    const cells = line.split(',');
    if (!keys) {
      keys = cells.map((name) => JSON.stringify(name) + ':');
      continue;
    }
    const fields = cells.map((cell, k) => (keys as string[])[k] + cell);
    if (!out.write(`{${fields.join(',')}}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(partial, path);
  return path;
}
