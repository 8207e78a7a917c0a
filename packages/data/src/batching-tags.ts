/**
 * What `shuffleBuffer` and `toBatches` say about themselves, so that `rows$(…).pipe(shuffleBuffer(…), toBatches(…))`
 * can run as `fileBatches$` (the same batches without a row object per row): each operator carries its arguments
 * under {@link BATCHING}. An operator without the tag is an ordinary one.
 *
 * @example
 * import { BATCHING, batchingTag } from './batching-tags.js';
 * const op = Object.assign((s: unknown) => s, { [BATCHING]: { kind: 'toBatches', batchSize: 4, epoch: 1, dropLast: false } });
 * console.log(batchingTag(op)?.kind); // toBatches
 */
export const BATCHING = Symbol.for('gradstream.batching');

export type BatchingTag =
  | { kind: 'shuffleBuffer'; size: number; seed: number }
  | { kind: 'toBatches'; batchSize: number; epoch: number; dropLast: boolean };

/** The tag of an operator, if it has one. */
export function batchingTag(operator: unknown): BatchingTag | undefined {
  return typeof operator === 'function' ? (operator as { [BATCHING]?: BatchingTag })[BATCHING] : undefined;
}
