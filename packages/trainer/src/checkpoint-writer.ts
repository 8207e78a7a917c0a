/**
 * Where a run's checkpoints go. Writing a file needs Node, and the library also runs in a browser, so the
 * library itself holds only this slot: importing `@gradstream/trainer/node` fills it with
 * `writeCheckpointSync` (as `@tensorflow/tfjs-node` registers its backend when imported). A run given
 * `checkpoint: { path }` before that fails at the argument check and says what to import.
 */
import type { Checkpoint } from './checkpoint.js';

/** Writes `cp` to `path` before returning, so the file always matches the event just emitted. */
export type CheckpointWriter = (path: string, cp: Checkpoint) => void;

let writer: CheckpointWriter | undefined;

/** Sets the writer (the Node entry point does it on import). */
export function setCheckpointWriter(write: CheckpointWriter): void {
  writer = write;
}

/** The writer, or undefined when nothing that can write files was imported. */
export function checkpointWriter(): CheckpointWriter | undefined {
  return writer;
}
