/**
 * A reference replayed: its data as a dataset, its batches in its recorded order, and the run of `train`
 * over them with its initial parameters, lr and optimizer.
 */
import { minibatches, type Batch } from '@gradstream/data';
import type { EngineName, TrainEvent } from '@gradstream/events';
import type { Observable } from 'rxjs';
import type { TrainConfig } from './config.js';
import type { ModelFixture } from './model-fixture.js';
import { modelFromSpec } from './models/catalog.js';
import { toModelFixture, type ReferenceFixture } from './reference-fixture.js';
import { train } from './train.js';
import type { DatasetLike } from './types.js';

/**
 * The fixture's data as a dataset (X n×d row-major, y n, true parameters when recorded).
 *
 * @example
 * import { referenceDataset } from '@gradstream/trainer';
 * import { readReference } from '@gradstream/trainer/node';
 * const ds = referenceDataset(await readReference('../../fixtures/d2l-linreg-sgd.json'));
 * console.log(ds.n, ds.d, ds.X.length); // 1000 2 2000
 */
export function referenceDataset(fx: ReferenceFixture | ModelFixture): DatasetLike {
  const ds: DatasetLike = { n: fx.n, d: fx.d, X: Float64Array.from(fx.features), y: Float64Array.from(fx.labels) };
  if (fx.trueW) ds.trueW = fx.trueW;
  if (fx.trueB !== undefined) ds.trueB = fx.trueB;
  return ds;
}

/**
 * The fixture's minibatches in the fixture's order: `minibatches` fed the recorded permutations, so each
 * epoch is consecutive runs of `batchSize` rows of `order[epoch]`; the short last batch is dropped when
 * the recorded steps say so.
 *
 * @example
 * import { count, lastValueFrom } from 'rxjs';
 * import { referenceBatches } from '@gradstream/trainer';
 * import { readReference } from '@gradstream/trainer/node';
 * console.log(await lastValueFrom(referenceBatches(await readReference('../../fixtures/d2l-linreg-sgd.json')).pipe(count()))); // 300
 */
export function referenceBatches(fx: ReferenceFixture | ModelFixture, ds: DatasetLike = referenceDataset(fx)): Observable<Batch> {
  const dropLast = fx.steps.length < fx.epochs * Math.ceil(fx.n / fx.batchSize);
  return minibatches(ds, { batchSize: fx.batchSize, epochs: fx.epochs, orders: fx.order, dropLast });
}

/** A fixture of either format in the general shape (the lesson's older format converted). */
export function asModelFixture(fx: ReferenceFixture | ModelFixture): ModelFixture {
  return 'model' in fx ? fx : toModelFixture(fx);
}

/**
 * Replays a reference through `train` with the reference's model, data, order, initial parameters, lr and
 * optimizer. The lesson's model (sizes [d, 1], squared loss, no L2) trains on its fused engine by default.
 *
 * @example
 * import { referenceRun, compareToReference, formatComparison } from '@gradstream/trainer';
 * import { readReference } from '@gradstream/trainer/node';
 * import { toArray, lastValueFrom } from 'rxjs';
 * const fx = await readReference('../../fixtures/d2l-linreg-sgd.json');
 * const events = await lastValueFrom(referenceRun(fx, { engine: 'fused' }).pipe(toArray()));
 * console.log(formatComparison(compareToReference(events, fx)));
 */
export function referenceRun(reference: ReferenceFixture | ModelFixture, options: { engine?: EngineName; explain?: TrainConfig['explain'] } = {}): Observable<TrainEvent> {
  const fx = asModelFixture(reference);
  const ds = referenceDataset(fx);
  const model = modelFromSpec(fx.model);
  // The fixture's initial values in the model's order, under the model's own names (the lesson's model calls W1, b1 w and b).
  let at = 0;
  const init = Object.fromEntries(model.parameters.map(({ name, shape }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return [name, fx.init.slice(at, (at += size))];
  }));
  return referenceBatches(fx, ds).pipe(
    train({
      lr: fx.lr,
      optimizer: fx.optimizer,
      engine: options.engine ?? 'fused',
      ...(options.explain === undefined ? {} : { explain: options.explain }),
      model,
      init,
      dataset: ds,
      source: 'reference',
    }),
  );
}
