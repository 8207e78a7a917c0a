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
import { renderExplanationText, type ExplainEvent, type StepExplanation } from '@gradstream/events';
import { filter, firstValueFrom, take } from 'rxjs';
import { flag, flagName, noPositionals, value, type ParsedValues } from '../args.js';
import { readBatchFile, type BatchFile } from '../batch-file.js';
import { defineCommand } from '../command.js';
import { CliError, conflictingOptions, forOption } from '../errors.js';
import { DATA_OPTIONS, LESSON } from '../lesson.js';
import { writeOut } from '../output.js';
import { drawDataset } from '../synthetic-data.js';
import { nonEmpty, positiveInteger, positiveNumber } from '../values.js';

const OPTIONS = {
  batchFile: value(nonEmpty, 'FILE', 'explain this batch: JSON { "X": [[…]…], "y": […], "w": […], "b": number, "lr": number }'),
  json: flag('print one JSON object { yHat, perSample, loss, grad, updated } instead of text'),
  ...DATA_OPTIONS,
  batchSize: value(positiveInteger, 'N', `rows in the lesson's first minibatch (default ${LESSON.batchSize})`),
  lr: value(positiveNumber, 'RATE', `learning rate (default ${LESSON.lr})`),
};

/**
 * The first step of a run, explained by the trainer itself (one autograd pass, the same explanation the
 * dashboard shows): the lesson's first minibatch, or the batch file as one batch in its own row order.
 */
async function firstExplanation(o: ExplainOptions, file: BatchFile | undefined): Promise<StepExplanation> {
  const { trainOn, LESSON } = await import('@gradstream/trainer');
  const explain = { first: true, epochStart: false };
  let events$;
  if (file) {
    const d = file.w.length;
    const ds = { n: file.X.length, d, X: Float64Array.from(file.X.flat()), y: Float64Array.from(file.y) };
    events$ = trainOn(ds, { lr: file.lr, batchSize: ds.n, epochs: 1, shuffle: false, init: { w: file.w, b: file.b }, optimum: false, explain });
  } else {
    const seed = o.seed ?? LESSON.seed;
    const recipe = { n: o.n ?? LESSON.n, trueW: o.trueW ?? [...LESSON.trueW], trueB: o.trueB ?? LESSON.trueB, noise: o.noise ?? LESSON.noise };
    const ds = await drawDataset(recipe, seed, { interrupted: () => false, print: (line) => process.stderr.write(line + '\n'), extraBytesPerRow: 8 });
    events$ = trainOn(ds, { lr: o.lr ?? LESSON.lr, batchSize: o.batchSize ?? LESSON.batchSize, epochs: 1, seed, optimum: false, explain });
  }
  const event = await firstValueFrom(events$.pipe(filter((e) => e.type === 'explain' || e.type === 'error'), take(1)));
  if (event.type === 'error') throw new CliError(event.message);
  return (event as ExplainEvent).explain;
}

type ExplainOptions = ParsedValues<typeof OPTIONS>;

export const explain = defineCommand({
  name: 'explain',
  summary: 'one SGD step computed number by number: ŷ, losses, ∂l/∂w = Xᵀ(ŷ − y), ∂l/∂b, the update',
  usage: 'gradstream explain [--batch-file FILE] [--json] [options]',
  description: [
    "Without --batch-file it explains the first minibatch of the lesson, with `gradstream train`'s data,",
    'shuffle and initial parameters for the same options. The numbers come from a real backward pass of',
    'the autograd engine — the same explanation the dashboard shows for a step.',
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
    const file = o.batchFile !== undefined ? await forOption('--batch-file', readBatchFile(o.batchFile)) : undefined;
    const e = await firstExplanation(o, file);
    if (o.json) {
      await writeOut(
        JSON.stringify({ yHat: e.yHat, perSample: e.perSample, loss: e.lossSum, grad: e.grad, updated: e.after }) + '\n',
      );
    } else {
      await writeOut(renderExplanationText(e));
    }
    return 0;
  },
});
