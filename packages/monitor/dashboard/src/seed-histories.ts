/**
 * Seeds the page's loss and parameter histories from a `hello` (DOM-free), on the server's grid, so
 * live steps then continue the server's buckets by the same rule.
 *
 * A server from before the parameter history sends neither `paramHistory` nor its grid width: its
 * loss buckets still load (the grid widens until no bucket straddles two cells), and the parameters
 * start from what that hello has — the initial ones, each epoch's and the latest — with the steps in
 * between honestly missing (drawn as gaps).
 */
import { parameterSeries } from '@gradstream/events';
import type { BucketHistory, LoadedBucket } from '../../src/bucket-history.js';
import type { HelloFrame } from '../../src/protocol.js';

/**
 * @returns the steps the loss history covers (what `stepsSeen` starts from)
 *
 * @example
 * import { BucketHistory } from '../../src/bucket-history.js';
 * import { RunState } from '../../src/run-state.js';
 * import { seedHistories } from './seed-histories.js';
 * const server = new RunState({ historySize: 8, logSize: 10 });
 * for (let s = 1; s <= 20; s++) server.record({ type: 'step', epoch: 1, step: s, globalStep: s, size: 10, loss: 1 / s, w: [s, -s], b: s, gradNorm: 1 });
 * const loss = new BucketHistory({ capacity: 8, columns: 1 });
 * const params = new BucketHistory({ capacity: 8, columns: 3 });
 * console.log(seedHistories(server.hello(), loss, params), loss.width, params.length); // 20 4 5
 */
export function seedHistories(h: HelloFrame, loss: BucketHistory, params: BucketHistory): number {
  const width = h.paramHistory?.width ?? 1;
  const lossBuckets: LoadedBucket[] = h.history.map((b) => ({
    fromStep: b.fromStep,
    toStep: b.toStep,
    first: [b.first ?? null],
    min: [b.min],
    max: [b.max],
    last: [b.last],
  }));
  loss.load(width, lossBuckets);
  if (h.paramHistory) params.load(width, h.paramHistory.buckets);
  else if (h.run) {
    params.load(width, []);
    params.add(0, parameterSeries(h.run));
    for (const e of h.epochs) params.add(e.globalStep, parameterSeries(e));
  }
  return h.history.reduce((s, b) => s + (b.toStep - b.fromStep + 1), 0);
}
