// Bad configuration throws synchronously at train(config) with the argument, the rule and the value.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { train, trainLinearRegression, type TrainConfig } from '../src/index.js';

const rejects = (config: unknown, message: string) =>
  assert.throws(() => train(config as TrainConfig), (e: Error) => e.message === message || (console.error(e.message), false));

test("learning rate; the stream's plan is not said twice", () => {
  rejects({ lr: 0 }, 'invalid argument. lr must be a positive finite number. Value: `0`.');
  rejects({ lr: NaN }, 'invalid argument. lr must be a positive finite number. Value: `NaN`.');
  rejects({ lr: '0.03' }, 'invalid argument. lr must be a positive finite number. Value: `"0.03"`.');
  const twice = (key: string, value: string) =>
    `invalid argument. config.${key} is read from the minibatch stream (minibatches(ds, { batchSize, epochs, seed, shuffle, dropLast })), or give it to trainOn(dataset, options). Value: \`${value}\`.`;
  rejects({ lr: 0.03, epochs: 3 }, twice('epochs', '3'));
  rejects({ lr: 0.03, batchSize: 10 }, twice('batchSize', '10'));
  rejects({ lr: 0.03, seed: 2 ** 32 }, twice('seed', '4294967296'));
});

test('optimizer and engine', () => {
  rejects({ lr: 0.03, optimizer: 'rmsprop' }, 'invalid argument. optimizer.name must be one of sgd, momentum, adam. Value: `"rmsprop"`.');
  rejects({ lr: 0.03, optimizer: { name: 'adam', beta1: -0.1 } }, 'invalid argument. optimizer.beta1 must be a number in [0, 1). Value: `-0.1`.');
  rejects({ lr: 0.03, engine: 'gpu' }, 'invalid argument. engine must be fused or autograd. Value: `"gpu"`.');
});

test('init, seed, true parameters and dataset shapes', () => {
  const X = new Float64Array(6);
  const y = new Float64Array(3);
  rejects({ lr: 0.03, dataset: { n: 3, d: 2, X, y }, init: { w: [0], b: 0 } }, 'invalid argument. init.w must have 2 entries (one per feature). Value: `[0]`.');
  rejects({ lr: 0.03, init: { w: [0, Infinity], b: 0 } }, 'invalid argument. init.w must be an array of finite numbers. Value: `[0,Infinity]`.');
  rejects({ lr: 0.03, dataset: { n: 3, d: 2, X: new Float64Array(5), y } }, 'invalid argument. dataset.X must be a Float64Array of n·d = 6 entries. Value: `Float64Array(5)`.');
  rejects({ lr: 0.03, dataset: { n: 3, d: 2, X, y, trueW: [1, 2, 3] } }, 'invalid argument. trueW must have 2 entries (one per feature). Value: `[1,2,3]`.');
});

test('explanations and checkpoints', () => {
  rejects({ lr: 0.03, explain: { every: -1 } }, 'invalid argument. explain.every must be a nonnegative integer. Value: `-1`.');
  rejects({ lr: 0.03, explain: { requests: 5 } }, 'invalid argument. explain.requests must be an Observable. Value: `5`.');
  rejects({ lr: 0.03, explain: { firstStep: true } }, 'invalid argument. explain.firstStep is not an option; the options are first, epochStart, every, requests. Value: `true`.');
  rejects({ lr: 0.03, checkpoint: { path: '' } }, 'invalid argument. checkpoint.path must be a nonempty string. Value: `""`.');
  rejects({ lr: 0.03, checkpoint: { path: 'x.json', everySteps: 0 } }, 'invalid argument. checkpoint.everySteps must be a positive integer. Value: `0`.');
  rejects({ lr: 0.03, resume: { v: 2 } }, 'invalid checkpoint in resume. v must be 1. Value: `2`.');
});

test('a valid config passes and nothing runs until subscription', () => {
  assert.type(train({ lr: 0.03, optimizer: { name: 'momentum', momentum: 0.5 }, engine: 'fused' }), 'function');
});

test('a misspelled key is an error naming it and the options, not a silently ignored setting', () => {
  rejects(
    { lr: 0.03, learningRate: 1 },
    'invalid argument. config.learningRate is not an option; the options are lr, optimizer, engine, model, init, schedule, dataset, optimum, trueW, trueB, explain, checkpoint, resume, source, recipe. Value: `1`.',
  );
  assert.throws(() => trainLinearRegression({ batchsize: 0 } as never), (e: Error) =>
    e.message === 'invalid argument. options.batchsize is not an option; the options are n, trueW, trueB, noise, batchSize, lr, epochs, seed, shuffle, dropLast, pace, optimizer, engine, model, init, optimum, explain, checkpoint, resume. Value: `0`.');
  // D4: a seed that cannot seed the stream is refused synchronously by the one who makes the stream.
  assert.throws(() => trainLinearRegression({ seed: 2 ** 32 }), (e: Error) => e.message === 'invalid argument. seed must be an integer between 0 and 4294967295. Value: `4294967296`.' || (console.error(e.message), false));
});

test('trainLinearRegression rejects bad options synchronously, before any data flows', () => {
  assert.throws(() => trainLinearRegression({ lr: -0.1 }), (e: Error) => e.message === 'invalid argument. lr must be a positive finite number. Value: `-0.1`.');
  assert.throws(() => trainLinearRegression({ batchSize: 2.5 }), (e: Error) => e.message === 'invalid argument. batchSize must be a positive integer. Value: `2.5`.');
  assert.throws(() => trainLinearRegression({ optimizer: 'lbfgs' as never }), (e: Error) => e.message === 'invalid argument. optimizer.name must be one of sgd, momentum, adam. Value: `"lbfgs"`.');
  assert.throws(() => trainLinearRegression({ n: 0 }), (e: Error) => /^invalid argument\. n must be a positive integer\. Value: `0`\.$/.test(e.message) || (console.error(e.message), false));
});

test.run();
