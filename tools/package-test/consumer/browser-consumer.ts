// A browser TypeScript consumer: only the browser entry points, checked with no Node types at all
// ("types": [], DOM lib), so none of their declarations may need Node's.
import { tensor } from '@gradstream/autograd';
import { minibatches, syntheticLinear } from '@gradstream/data';
import { explanationView, type TrainEvent } from '@gradstream/events';
import { train } from '@gradstream/trainer';

const ds = syntheticLinear({ seed: 42 });
minibatches(ds, { batchSize: 10, epochs: 3, seed: 42 })
  .pipe(train({ lr: 0.03, dataset: ds }))
  .subscribe((e: TrainEvent) => {
    if (e.type === 'epoch') document.body.append(`epoch ${e.epoch}, loss ${e.loss}\n`);
    if (e.type === 'explain') explanationView(e.explain);
  });
tensor([1, 2, 3]);
