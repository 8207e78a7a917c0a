// The printout's last line says what this process did: a fresh run, a resumed one, or nothing left to do.
import type { TrainEvent } from '@gradstream/events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createReporter } from '../src/report.js';

const run: TrainEvent = { type: 'run', v: 1, config: { d: 1, batchSize: 1, lr: 0.1, epochs: 1, optimizer: { name: 'sgd' }, engine: 'fused' }, startedAt: 0, w: [0], b: 0, trueW: [2], trueB: 1 };
const step = (globalStep: number): TrainEvent => ({ type: 'step', epoch: 1, step: globalStep, globalStep, size: 1, loss: 0.5, w: [1.5], b: 0.75, gradNorm: 1 });
const done = (steps: number): TrainEvent => ({ type: 'done', epochs: 1, steps, elapsedMs: 2500, w: [1.5], b: 0.75 });

function printout(events: TrainEvent[]): string[] {
  const lines: string[] = [];
  const report = createReporter((line) => lines.push(line));
  events.forEach(report);
  return lines;
}

test('a whole run: its steps and its training time', () => {
  const lines = printout([run, step(1), done(1)]);
  assert.equal(lines.slice(0, 2), ['error in estimating w: [0.500000]', 'error in estimating b: 0.250000']);
  assert.match(lines[2], /^wall time: \d+\.\d{3} s \(1 step, training 2\.500 s\)$/);
});

test('a resumed run: the steps taken now, and the whole run\'s count and time', () => {
  const lines = printout([run, step(8), step(9), step(10), done(10)]);
  assert.match(lines[2], /^wall time: \d+\.\d{3} s \(3 steps after resuming, 10 steps in the whole run, training 2\.500 s in all\)$/);
});

test('resuming a checkpoint taken at the end: nothing left to train, and it says so', () => {
  const lines = printout([run, done(6000)]);
  assert.is(lines[2], 'nothing left to train: the checkpoint is at the end of its run (6000 steps, training 2.500 s)');
});

test.run();
