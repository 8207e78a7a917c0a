// A Node TypeScript consumer of every installed package, main and /node entry points: type-checked with
// skipLibCheck false, so every type a public signature names must resolve (ws, rxjs, Node's own).
import { noGrad, tensor, type Tensor } from '@gradstream/autograd';
import { minibatches, syntheticLinear, type Batch, type Dataset } from '@gradstream/data';
import { readCsv, rows$, writeCsv } from '@gradstream/data/node';
import { parseTrainEvent, toNdjsonLine, type TrainEvent } from '@gradstream/events';
import { fromMonitor, serveMonitor, type MonitorServer, type ServeMonitorOptions } from '@gradstream/monitor';
import { train, trainLinearRegression, type Checkpoint, type TrainConfig } from '@gradstream/trainer';
import { readCheckpoint, readReference, writeCheckpoint } from '@gradstream/trainer/node';
import type { Observable } from 'rxjs';

const ds: Dataset = syntheticLinear({ n: 20, seed: 1 });
const config: TrainConfig = { lr: 0.03, dataset: ds };
const events$: Observable<TrainEvent> = minibatches(ds, { batchSize: 10, epochs: 1, seed: 1 }).pipe(train(config));
const first = (b: Batch): number => b.size;
const w: Tensor = tensor([[1], [2]], { requiresGrad: true });
noGrad(() => w.data[0]);
const options: ServeMonitorOptions = { port: 0 };
export async function use(): Promise<void> {
  const server: MonitorServer = await serveMonitor(events$, options);
  fromMonitor(server.url.replace('http', 'ws')).subscribe((e: TrainEvent) => toNdjsonLine(e));
  await writeCsv('/tmp/x.csv', ds);
  rows$('/tmp/x.csv').subscribe();
  const back: Dataset = await readCsv('/tmp/x.csv');
  const cp: Checkpoint = await readCheckpoint('/tmp/cp.json');
  await writeCheckpoint('/tmp/cp2.json', cp);
  await readReference('/tmp/ref.json');
  trainLinearRegression({ epochs: 1 }).subscribe((e) => parseTrainEvent(JSON.stringify(e), 'here'));
  console.log(first, back.n);
  await server.close();
}
