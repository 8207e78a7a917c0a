// Test helper: the events of a real (tiny) training run, computed with a plain loop so the monitor's
// tests need no trainer. d2l's lesson: y = X·[2, -3.4] + 4.2 + noise, squared loss, minibatch SGD.
// One step's reported loss is replaced by a planted spike, so tests can check it survives downsampling.
import type { TrainEvent } from '@gradstream/events';
import { random } from './random.js';

export interface LinregRunOptions {
  n?: number;
  batchSize?: number;
  epochs?: number;
  lr?: number;
  /** globalStep whose loss is replaced by `spikeLoss`. */
  spikeAt?: number;
  spikeLoss?: number;
}


export function linregRun({ n = 1000, batchSize = 10, epochs = 3, lr = 0.03, spikeAt = 437, spikeLoss = 1234.5 }: LinregRunOptions = {}): TrainEvent[] {
  const rand = random(42);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = [gauss(), gauss()];
    X.push(x);
    y.push(2 * x[0] - 3.4 * x[1] + 4.2 + 0.01 * gauss());
  }
  const w = [0.01 * gauss(), 0.01 * gauss()];
  let b = 0;
  const events: TrainEvent[] = [
    {
      type: 'run',
      v: 1,
      config: { d: 2, n, batchSize, lr, epochs, optimizer: { name: 'sgd' }, engine: 'fused', seed: 42, source: 'synthetic' },
      startedAt: 1_700_000_000_000,
      w: [...w],
      b,
      trueW: [2, -3.4],
      trueB: 4.2,
    },
  ];
  let globalStep = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let step = 0;
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const size = end - start;
      let loss = 0;
      let gw0 = 0;
      let gw1 = 0;
      let gb = 0;
      for (let i = start; i < end; i++) {
        const r = X[i][0] * w[0] + X[i][1] * w[1] + b - y[i];
        loss += (r * r) / 2;
        gw0 += r * X[i][0];
        gw1 += r * X[i][1];
        gb += r;
      }
      w[0] -= (lr * gw0) / size;
      w[1] -= (lr * gw1) / size;
      b -= (lr * gb) / size;
      step++;
      globalStep++;
      const reported = globalStep === spikeAt ? spikeLoss : loss / size;
      events.push({ type: 'step', epoch, step, globalStep, size, loss: reported, w: [...w], b, gradNorm: Math.hypot(gw0, gw1, gb) / size });
    }
    let total = 0;
    for (let i = 0; i < n; i++) {
      const r = X[i][0] * w[0] + X[i][1] * w[1] + b - y[i];
      total += (r * r) / 2;
    }
    events.push({ type: 'epoch', epoch, loss: total / n, w: [...w], b, elapsedMs: epoch * 10, globalStep });
  }
  events.push({ type: 'done', epochs, steps: globalStep, elapsedMs: epochs * 10 + 1, w: [...w], b, loss: (events[events.length - 1] as { loss: number }).loss });
  return events;
}
