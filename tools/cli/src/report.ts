/**
 * The console printout of a training run, d2l's lines: `epoch 1, loss 0.038467` after each epoch, then
 * `error in estimating w: …` and `error in estimating b: …` (true − learned, as d2l computes
 * `true_w - w.reshape(true_w.shape)`), then the wall time.
 *
 * @example
 * import { minibatches, syntheticLinear } from '@gradstream/data';
 * import { train } from '@gradstream/trainer';
 * import { createReporter } from './report.js';
 * const ds = syntheticLinear({ seed: 1 });
 * minibatches(ds, { batchSize: 10, epochs: 2, seed: 1 }).pipe(train({ lr: 0.03, dataset: ds })).subscribe(createReporter(console.log));
 * // epoch 1, loss …  epoch 2, loss …  error in estimating w: …
 */
import type { TrainEvent } from '@gradstream/events';
import { f6, vec6 } from './output.js';

export interface Reporter {
  (event: TrainEvent): void;
}

export function createReporter(print: (line: string) => void, options: { wallClockStart?: number } = {}): Reporter {
  const start = options.wallClockStart ?? performance.now();
  let trueW: number[] | undefined;
  let trueB: number | undefined;
  let stepsHere = 0;
  return (event) => {
    switch (event.type) {
      case 'step':
        stepsHere++;
        break;
      case 'run':
        trueW = event.trueW;
        trueB = event.trueB;
        break;
      case 'epoch':
        print(`epoch ${event.epoch}, loss ${f6(event.loss)}${event.accuracy === undefined ? "" : `, accuracy ${(event.accuracy * 100).toFixed(1)}%`}`);
        break;
      case 'done': {
        const { w, b } = event;
        if (w !== undefined && b !== undefined) {
          if (trueW && trueW.length === w.length) print(`error in estimating w: ${vec6(trueW.map((t, j) => t - w[j]))}`);
          if (trueB !== undefined) print(`error in estimating b: ${f6(trueB - b)}`);
          if (!trueW) print(`w: ${vec6(w)}, b: ${f6(b)}`);
        }
        const wall = (performance.now() - start) / 1000;
        const training = (event.elapsedMs / 1000).toFixed(3);
        if (stepsHere === event.steps) {
          print(`wall time: ${wall.toFixed(3)} s (${steps(event.steps)}, training ${training} s)`);
        } else if (stepsHere === 0) {
          // A resumed run whose checkpoint was taken at its end: say so rather than look like a run.
          print(`nothing left to train: the checkpoint is at the end of its run (${steps(event.steps)}, training ${training} s)`);
        } else {
          // A resumed run: the trainer's counts and time cover the whole run, this process did the rest.
          print(`wall time: ${wall.toFixed(3)} s (${steps(stepsHere)} after resuming, ${steps(event.steps)} in the whole run, training ${training} s in all)`);
        }
        break;
      }
      case 'error':
        // Printed by the command as its failure line; nothing to add here.
        break;
    }
  };
}

function steps(count: number): string {
  return `${count} step${count === 1 ? '' : 's'}`;
}
