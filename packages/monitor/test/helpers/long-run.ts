// Test helper: the events of a long minibatch-SGD run of d2l's linear regression, computed with a
// plain loop on rows drawn as they are needed (no dataset in memory), so a 200,000-step run takes a
// fraction of a second. The loss starts near 16 (w = 0 against y = 2x₁ − 3.4x₂ + 4.2) and falls to
// the noise floor within a few hundred steps: the initial drop a downsampled chart must not lose.
import type { TrainEvent } from '@gradstream/events';
import { random } from './random.js';

export interface LongRunOptions {
  steps: number;
  batchSize?: number;
  lr?: number;
  /** Steps per epoch (an epoch event after each). */
  stepsPerEpoch?: number;
  /** Steps to leave out of the events (as if nobody saw them), inclusive ranges. */
  skip?: [number, number][];
}


export function longRun({ steps, batchSize = 10, lr = 0.03, stepsPerEpoch = steps, skip = [] }: LongRunOptions): TrainEvent[] {
  const rand = random(7);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const w = [0, 0];
  let b = 0;
  const epochs = Math.ceil(steps / stepsPerEpoch);
  const events: TrainEvent[] = [
    {
      type: 'run',
      v: 1,
      config: { d: 2, n: stepsPerEpoch * batchSize, batchSize, lr, epochs, optimizer: { name: 'sgd' }, engine: 'fused', seed: 7, source: 'synthetic' },
      startedAt: 1_700_000_000_000,
      w: [...w],
      b,
      trueW: [2, -3.4],
      trueB: 4.2,
    },
  ];
  const skipped = (s: number) => skip.some(([from, to]) => s >= from && s <= to);
  let epochLoss = 0;
  for (let g = 1; g <= steps; g++) {
    let loss = 0;
    const grad = [0, 0, 0];
    for (let i = 0; i < batchSize; i++) {
      const x0 = gauss();
      const x1 = gauss();
      const r = w[0] * x0 + w[1] * x1 + b - (2 * x0 - 3.4 * x1 + 4.2 + 0.01 * gauss());
      loss += (r * r) / 2;
      grad[0] += r * x0;
      grad[1] += r * x1;
      grad[2] += r;
    }
    w[0] -= (lr * grad[0]) / batchSize;
    w[1] -= (lr * grad[1]) / batchSize;
    b -= (lr * grad[2]) / batchSize;
    epochLoss += loss / batchSize;
    const epoch = Math.ceil(g / stepsPerEpoch);
    const step = g - (epoch - 1) * stepsPerEpoch;
    if (!skipped(g)) events.push({ type: 'step', epoch, step, globalStep: g, size: batchSize, loss: loss / batchSize, w: [...w], b, gradNorm: Math.hypot(...grad) / batchSize });
    if (step === stepsPerEpoch || g === steps) {
      events.push({ type: 'epoch', epoch, loss: epochLoss / step, w: [...w], b, elapsedMs: g / 100, globalStep: g });
      epochLoss = 0;
    }
  }
  events.push({ type: 'done', epochs, steps, elapsedMs: steps / 100, w: [...w], b });
  return events;
}
