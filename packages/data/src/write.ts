import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { checkDataset } from './dataset.js';
import type { Dataset } from './types.js';
import { invalid } from './validate.js';

/**
 * Writes a dataset as CSV: a header (`featureNames` and `labelName`, default `x1,…,xd,y`), then one row a
 * line. Numbers are written in JavaScript's shortest round-trip form, so `readCsv` gives back the same
 * doubles bit for bit. A path is created or overwritten; a stream (e.g. `process.stdout`) is written to
 * with backpressure and left open.
 *
 * @example
 * import { syntheticLinear } from '@gradstream/data';
 * import { writeCsv } from '@gradstream/data/node';
 * await writeCsv(process.stdout, syntheticLinear({ n: 3, seed: 1 }));
 */
export async function writeCsv(target: string | NodeJS.WritableStream, ds: Dataset): Promise<void> {
  const { features, label } = names(ds);
  return writeLines(target, ds, features.concat(label).join(','), (row) => row.join(','));
}

/**
 * Writes a dataset as NDJSON, one flat object a line: `{"x1":…,"x2":…,"y":…}` (keys from `featureNames`
 * and `labelName`, default `x1…xd` and `y`). Round-trips through `readNdjson` bit for bit.
 *
 * @example
 * import { syntheticLinear } from '@gradstream/data';
 * import { writeNdjson } from '@gradstream/data/node';
 * await writeNdjson(process.stdout, syntheticLinear({ n: 3, seed: 1 }));
 */
export async function writeNdjson(target: string | NodeJS.WritableStream, ds: Dataset): Promise<void> {
  const { features, label } = names(ds);
  const keys = features.concat(label).map((name) => JSON.stringify(name) + ':');
  return writeLines(target, ds, undefined, (row) => {
    let text = '{';
    for (let k = 0; k < row.length; k++) text += (k > 0 ? ',' : '') + keys[k] + row[k];
    return text + '}';
  });
}

function names(ds: Dataset): { features: string[]; label: string } {
  checkDataset('ds', ds);
  const features = ds.featureNames ?? Array.from({ length: ds.d }, (_, j) => `x${j + 1}`);
  if (!Array.isArray(features) || features.length !== ds.d || !features.every((f) => typeof f === 'string' && f !== '' && !f.includes(','))) {
    throw invalid(TypeError, 'ds.featureNames', `must hold d = ${ds.d} nonempty names without commas`, ds.featureNames);
  }
  const label = ds.labelName ?? 'y';
  if (typeof label !== 'string' || label === '' || label.includes(',') || features.includes(label)) {
    throw invalid(TypeError, 'ds.labelName', 'must be a nonempty name without commas, distinct from the features', ds.labelName);
  }
  return { features, label };
}

async function writeLines(
  target: string | NodeJS.WritableStream,
  ds: Dataset,
  header: string | undefined,
  format: (row: number[]) => string,
): Promise<void> {
  const isPath = typeof target === 'string';
  if (isPath ? target === '' : typeof target !== 'object' || target === null || typeof target.write !== 'function') {
    throw invalid(TypeError, 'target', 'must be a file path or a writable stream', target);
  }
  // Check every value first: a file that cannot be read back must not be half written.
  const { n, d, X, y } = ds;
  for (let k = 0; k < X.length; k++) if (!Number.isFinite(X[k])) throw invalid(RangeError, `ds.X[${k}]`, 'must be a finite number', X[k]);
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) throw invalid(RangeError, `ds.y[${i}]`, 'must be a finite number', y[i]);

  const out: NodeJS.WritableStream = isPath ? createWriteStream(target) : target;
  let failure: Error | undefined;
  const onError = (err: Error) => (failure = err);
  out.on('error', onError);
  try {
    let chunk = header === undefined ? '' : header + '\n';
    const row = new Array<number>(d + 1);
    for (let i = 0; i < n && !failure; i++) {
      for (let j = 0; j < d; j++) row[j] = X[i * d + j];
      row[d] = y[i];
      chunk += format(row) + '\n';
      if (chunk.length >= 65536 || i === n - 1) {
        // Respect backpressure: wait for 'drain' rather than buffering the whole file in memory.
        // events.once rejects on 'error' while it waits and removes its listeners either way.
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    if (n === 0 && chunk) out.write(chunk);
    if (isPath) {
      out.end();
      await finished(out);
    }
  } catch (err) {
    failure ??= err as Error;
  } finally {
    out.off('error', onError);
  }
  if (failure) {
    const where = isPath ? target : 'stream';
    throw Object.assign(new Error(`${where}: cannot write: ${failure.message}`), { cause: failure });
  }
}
