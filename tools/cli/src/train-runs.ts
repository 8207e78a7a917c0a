/**
 * `gradstream train --runs DIR`: the run is recorded into a directory of runs — `DIR/<run-id>/` with its
 * config, its events as they happen and its checkpoint — named by its settings (`lr=0.03,bs=10,seed=42`,
 * `…,run=2` when taken). Only the lesson's synthetic data is recorded so (a run's config must say everything
 * it depends on), so --runs refuses the options that bring other data or another run's state.
 *
 * @example
 * // not run: it needs parsed command-line options
 * import { startRunRecording } from './train-runs.js';
 * const recording = await startRunRecording(options, print);
 */
import type { RunRecording } from '@gradstream/runs';
import { flagName } from './args.js';
import { conflictingOptions } from './errors.js';
import type { TrainOptions } from './train-options.js';

const NOT_WITH_RUNS = ['reference', 'resume', 'data', 'stdin', 'label', 'checkpoint', 'engine'] as const;

/** Refuses options that --runs cannot record. */
export function checkRunsCombinations(o: TrainOptions): void {
  if (o.runs === undefined) return;
  for (const key of NOT_WITH_RUNS) if (o[key] !== undefined) throw conflictingOptions('--runs', flagName(key));
}

/** Claims the run's directory and says where the run goes. */
export async function startRunRecording(o: TrainOptions, print: (line: string) => void): Promise<RunRecording> {
  const { createRunRecording } = await import('@gradstream/runs');
  const config = Object.fromEntries(
    Object.entries({ lr: o.lr, batchSize: o.batchSize, optimizer: o.optimizer, seed: o.seed, epochs: o.epochs, n: o.n, trueW: o.trueW, trueB: o.trueB, noise: o.noise }).filter(([, v]) => v !== undefined),
  );
  const recording = createRunRecording(o.runs!, config);
  print(`recording into ${recording.runDir}`);
  return recording;
}
