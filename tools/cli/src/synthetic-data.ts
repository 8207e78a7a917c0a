/**
 * The lesson's synthetic data for `train` and `generate`, sized with care: a `--n` whose arrays would not
 * fit in the memory this machine has available is refused before anything is allocated (naming `--n` and
 * the largest that fits), and the data is drawn in slices with a turn of the event loop between them, so
 * Ctrl-C and SIGTERM stop even a draw of hundreds of millions of rows.
 *
 * @example
 * import { maxRows } from './synthetic-data.js';
 * console.log(maxRows(2, 8) > 1000); // true: a 1000-row lesson fits anywhere
 */
import { freemem } from 'node:os';
import type { Dataset } from '@gradstream/data';
import { UsageError } from './errors.js';

/** Rows drawn in one slice before the event loop gets a turn. */
const SLICE_VALUES = 1 << 21;
/** Above this many rows, the draw says what it is doing (it takes seconds). */
const ANNOUNCE_ROWS = 5_000_000;
/** The longest Float64Array V8 makes. */
const MAX_ARRAY_LENGTH = 2 ** 32;

/** Thrown when a signal arrives while the data is drawn. */
export class Interrupted extends Error {
  override name = 'Interrupted';
}

export interface Recipe {
  n: number;
  trueW: number[];
  trueB: number;
  noise: number;
}

/**
 * The most rows of `d` features that fit: in the memory available now (X, y and `extraBytesPerRow` for
 * what the command adds per row, e.g. a shuffle order) and in one typed array.
 */
export function maxRows(d: number, extraBytesPerRow: number): number {
  const constrained = process.constrainedMemory?.() ?? 0;
  const available = constrained > 0 && constrained < freemem() ? constrained : freemem();
  return Math.min(Math.floor(available / ((d + 1) * 8 + extraBytesPerRow)), Math.floor(MAX_ARRAY_LENGTH / d));
}

/** Refuses a `--n` that does not fit, naming the option and the limit. */
export function checkRows(n: number, d: number, extraBytesPerRow: number): void {
  const limit = maxRows(d, extraBytesPerRow);
  if (n <= limit) return;
  const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;
  const need = n * ((d + 1) * 8 + extraBytesPerRow);
  throw new UsageError(
    `invalid option. --n must be at most ${limit} on this machine (${n} rows of ${d} feature${d === 1 ? '' : 's'} need ${gb(need)}; ${gb(freemem())} of memory is available). Value: \`${n}\`.`,
  );
}

/**
 * Draws the dataset of `recipe` (as `syntheticLinear` would, bit for bit) in slices; between slices it lets
 * the event loop run and throws `Interrupted` once `interrupted()` says a signal came.
 */
export async function drawDataset(
  recipe: Recipe,
  seed: number,
  { interrupted, print, extraBytesPerRow = 0 }: { interrupted: () => boolean; print: (line: string) => void; extraBytesPerRow?: number },
): Promise<Dataset> {
  checkRows(recipe.n, recipe.trueW.length, extraBytesPerRow);
  const { drawSyntheticLinear } = await import('@gradstream/data');
  if (recipe.n >= ANNOUNCE_ROWS) print(`drawing ${recipe.n} rows of synthetic data…`);
  const draw = drawSyntheticLinear({ n: recipe.n, w: recipe.trueW, b: recipe.trueB, noise: recipe.noise, seed }, SLICE_VALUES);
  for (let next = draw.next(); ; next = draw.next()) {
    if (next.done) return next.value;
    await new Promise((resolve) => setImmediate(resolve));
    if (interrupted()) throw new Interrupted(`while drawing the data (${Math.floor((next.value.drawn / next.value.of) * 100)}% of ${recipe.n} rows)`);
  }
}
