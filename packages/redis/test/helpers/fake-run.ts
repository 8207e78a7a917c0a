/** A run's events made up for tests (the redis package knows nothing of the trainer): a run event, `perEpoch` steps per epoch, an epoch event after each, done. */
import type { TrainEvent } from '@gradstream/events';

export function fakeRun(epochs: number, perEpoch: number): TrainEvent[] {
  const events: TrainEvent[] = [
    { type: 'run', v: 1, config: { d: 2, batchSize: 10, lr: 0.03, optimizer: { name: 'sgd' }, engine: 'fused', epochs }, startedAt: 1, w: [0, 0], b: 0 },
  ];
  let g = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let step = 1; step <= perEpoch; step++) {
      g++;
      events.push({ type: 'step', epoch, step, globalStep: g, size: 10, loss: 1 / g, w: [g, -g], b: g / 2, gradNorm: 1 });
    }
    events.push({ type: 'epoch', epoch, loss: 1 / g, w: [g, -g], b: g / 2, elapsedMs: g, globalStep: g });
  }
  events.push({ type: 'done', epochs, steps: g, elapsedMs: g, w: [g, -g], b: g / 2, loss: 1 / g });
  return events;
}

/** Events as a short string per event, to compare streams: `run`, `s12`, `e3`, `done`. */
export const labels = (events: TrainEvent[]): string[] =>
  events.map((e) => (e.type === 'step' ? `s${e.globalStep}` : e.type === 'epoch' ? `e${e.epoch}` : e.type));
