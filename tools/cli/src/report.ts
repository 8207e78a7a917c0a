/**
 * The console printout of a training run, d2l's lines: `epoch 1, loss 0.038467` after each epoch, then
 * `error in estimating w: …` and `error in estimating b: …` (true − learned, as d2l computes
 * `true_w - w.reshape(true_w.shape)`), then the wall time.
 *
 * @example
 * import { createReporter } from './report.js';
 * const report = createReporter((line) => console.log(line));
 * events$.subscribe(report); // TrainEvent stream from @gradstream/trainer
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
  return (event) => {
    switch (event.type) {
      case 'run':
        trueW = event.trueW;
        trueB = event.trueB;
        break;
      case 'epoch':
        print(`epoch ${event.epoch}, loss ${f6(event.loss)}`);
        break;
      case 'done': {
        if (trueW && trueW.length === event.w.length) {
          print(`error in estimating w: ${vec6(trueW.map((t, j) => t - event.w[j]))}`);
        }
        if (trueB !== undefined) print(`error in estimating b: ${f6(trueB - event.b)}`);
        if (!trueW) print(`w: ${vec6(event.w)}, b: ${f6(event.b)}`);
        const wall = (performance.now() - start) / 1000;
        print(`wall time: ${wall.toFixed(3)} s (${event.steps} steps, training ${(event.elapsedMs / 1000).toFixed(3)} s)`);
        break;
      }
      case 'error':
        // Printed by the command as its failure line; nothing to add here.
        break;
    }
  };
}
