// Test helper: a long run with wide parameter vectors (100 weights: ~1.6 KB a JSON frame, ~850 bytes a step in a
// binary steps frame), enough to fill loopback's socket buffers many times — for the slow-subscriber tests.
import type { StepEvent, TrainEvent } from '@gradstream/events';

export function* wideRun(steps: number, perEpoch: number): Generator<TrainEvent> {
  const w = Array.from({ length: 100 }, (_, i) => 1 / (i + 3));
  yield { type: 'run', v: 1, config: { d: 100, batchSize: 10, lr: 0.03, epochs: steps / perEpoch, optimizer: { name: 'sgd' }, engine: 'fused' }, startedAt: 0, w, b: 0 };
  for (let g = 1; g <= steps; g++) {
    const epoch = Math.ceil(g / perEpoch);
    yield { type: 'step', epoch, step: g - (epoch - 1) * perEpoch, globalStep: g, size: 10, loss: 1 / g, w, b: g, gradNorm: 1 } satisfies StepEvent;
    if (g % perEpoch === 0) yield { type: 'epoch', epoch, loss: 1 / g, w, b: g, elapsedMs: g, globalStep: g };
  }
  yield { type: 'done', epochs: steps / perEpoch, steps, elapsedMs: steps, w, b: steps };
}
