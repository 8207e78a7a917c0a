/**
 * `gradstream explain`: one SGD step of the linear model, number by number.
 *
 * Without `--batch-file` it takes the lesson's first minibatch (same data, shuffle and initial
 * parameters as `gradstream train` with the same options); with `--batch-file FILE` it takes
 * `{ "X": [[…]…], "y": […], "w": […], "b": number, "lr": number }`. `--json` prints
 * `{ yHat, perSample, loss, grad: { w, b }, updated: { w, b } }` (loss is the sum over the batch, grad is
 * the gradient of that sum, updated applies p − lr·grad/batch).
 *
 * @example
 * // gradstream explain --batch-file batch.json --json
 */
import { firstValueFrom, take } from 'rxjs';
import { flag, flagName, noPositionals, value } from '../args.js';
import { readBatchFile, type BatchFile } from '../batch-file.js';
import { defineCommand } from '../command.js';
import { conflictingOptions, forOption } from '../errors.js';
import { explainStep } from '../explain-step.js';
import { DATA_OPTIONS, LESSON } from '../lesson.js';
import { writeOut } from '../output.js';
import { renderExplanation } from '../render-explanation.js';
import { nonEmpty, positiveInteger, positiveNumber } from '../values.js';

const OPTIONS = {
  batchFile: value(nonEmpty, 'FILE', 'explain this batch: JSON { "X": [[…]…], "y": […], "w": […], "b": number, "lr": number }'),
  json: flag('print one JSON object { yHat, perSample, loss, grad, updated } instead of text'),
  ...DATA_OPTIONS,
  batchSize: value(positiveInteger, 'N', `rows in the lesson's first minibatch (default ${LESSON.batchSize})`),
  lr: value(positiveNumber, 'RATE', `learning rate (default ${LESSON.lr})`),
};

/** The lesson's first minibatch and initial parameters, as `gradstream train` would see them. */
async function lessonBatch(o: { n?: number; trueW?: number[]; trueB?: number; noise?: number; seed?: number; batchSize?: number; lr?: number }): Promise<BatchFile> {
  const [{ minibatches, syntheticLinear }, { initialParameters }] = await Promise.all([import('@gradstream/data'), import('@gradstream/trainer')]);
  const seed = o.seed ?? LESSON.seed;
  const ds = syntheticLinear({ n: o.n ?? LESSON.n, w: o.trueW ?? [...LESSON.trueW], b: o.trueB ?? LESSON.trueB, noise: o.noise ?? LESSON.noise, seed });
  const batch = await firstValueFrom(minibatches(ds, { batchSize: o.batchSize ?? LESSON.batchSize, epochs: 1, shuffle: true, seed }).pipe(take(1)));
  const { w, b } = initialParameters(ds.d, seed);
  const X = Array.from({ length: batch.size }, (_, i) => Array.from(batch.X.subarray(i * batch.d, (i + 1) * batch.d)));
  return { X, y: Array.from(batch.y), w, b, lr: o.lr ?? LESSON.lr };
}

export const explain = defineCommand({
  name: 'explain',
  summary: 'one SGD step computed number by number: ŷ, losses, ∂l/∂w = Xᵀ(ŷ − y), ∂l/∂b, the update',
  usage: 'gradstream explain [--batch-file FILE] [--json] [options]',
  description: [
    "Without --batch-file it explains the first minibatch of the lesson, with `gradstream train`'s data,",
    'shuffle and initial parameters for the same options. The numbers come from a real backward pass of',
    'the autograd engine.',
  ].join('\n'),
  options: OPTIONS,
  examples: ['gradstream explain', 'gradstream explain --batch-size 4 --seed 7', 'gradstream explain --batch-file batch.json --json'],
  async run(o, positionals) {
    noPositionals('explain', positionals);
    if (o.batchFile !== undefined) {
      for (const key of ['n', 'trueW', 'trueB', 'noise', 'seed', 'batchSize', 'lr'] as const) {
        if (o[key] !== undefined) {
          throw conflictingOptions('--batch-file', flagName(key));
        }
      }
    }
    const batch = o.batchFile !== undefined ? await forOption('--batch-file', readBatchFile(o.batchFile)) : await lessonBatch(o);
    const e = await explainStep(batch);
    if (o.json) {
      await writeOut(
        JSON.stringify({ yHat: e.yHat, perSample: e.perSample, loss: e.lossSum, grad: e.grad, updated: e.after }) + '\n',
      );
    } else {
      await writeOut(renderExplanation(e));
    }
    return 0;
  },
});
