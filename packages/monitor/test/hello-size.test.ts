// The hello never grows with the run's length (issue 12 #13): a 300,000-epoch run (one step an
// epoch) served by a real monitor, and the hello a late client receives over a real socket, measured
// in bytes. Before epochs were sampled this hello carried every epoch: over 76 MB for these events.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { from } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { serveMonitor, type HelloFrame } from '../src/index.js';

function manyEpochs(epochs: number): TrainEvent[] {
  const events: TrainEvent[] = [
    { type: 'run', v: 1, config: { d: 2, n: 10, batchSize: 10, lr: 0.03, epochs, optimizer: { name: 'sgd' }, engine: 'fused', seed: 1 }, startedAt: 1, w: [0, 0], b: 0, trueW: [2, -3.4], trueB: 4.2 },
  ];
  for (let e = 1; e <= epochs; e++) {
    const w = [2 - 2 / (1 + e / 100), -3.4 + 3.4 / (1 + e / 100)];
    const b = 4.2 - 4.2 / (1 + e / 100);
    const loss = 16 / (1 + e) + 1e-5 * Math.sin(e);
    events.push({ type: 'step', epoch: e, step: 1, globalStep: e, size: 10, loss, w, b, gradNorm: Math.sqrt(loss) });
    events.push({ type: 'epoch', epoch: e, loss, w, b, elapsedMs: e * 0.01, globalStep: e, wError: [w[0] - 2, w[1] + 3.4], bError: b - 4.2 });
  }
  events.push({ type: 'done', epochs, steps: epochs, elapsedMs: epochs * 0.01, w: [2, -3.4], b: 4.2 });
  return events;
}

/** The first frame of a new connection, as bytes and parsed. */
function firstFrame(url: string): Promise<{ bytes: number; hello: HelloFrame }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('message', (data: Buffer) => {
      resolve({ bytes: data.length, hello: JSON.parse(String(data)) as HelloFrame });
      ws.close();
    });
    ws.once('error', reject);
  });
}

test('a 300,000-epoch run\'s hello stays under 400 KB: epochs sampled to 512 with their count, histories in 512 buckets', async () => {
  const events = manyEpochs(300_000);
  const server = await serveMonitor(from(events), { port: 0 });
  try {
    const { bytes, hello } = await firstFrame(server.wsUrl);
    console.log(`  hello of a 300,000-epoch run: ${(bytes / 1024).toFixed(0)} KB (${hello.epochs.length} epochs, ${hello.history.length} loss and ${hello.paramHistory!.buckets.length} parameter buckets)`);
    assert.ok(bytes < 400 * 1024, `${bytes} bytes`);
    assert.is(hello.epochCount, 300_000);
    assert.ok(hello.epochs.length <= 512 && hello.epochs.length > 256, `${hello.epochs.length} epochs`);
    assert.is(hello.epochs[0].epoch, 1);
    assert.is(hello.epochs[hello.epochs.length - 1].epoch, 300_000);
    assert.ok(hello.history.length <= 512 && hello.paramHistory!.buckets.length <= 513, 'step 0 (initial parameters) may add one parameter bucket');
    assert.equal([hello.history[0].fromStep, hello.history[hello.history.length - 1].toStep], [1, 300_000]);
    assert.ok(hello.history[0].max >= 8, 'the first bucket keeps the first loss (16 / 2)');
    assert.is(hello.done?.steps, 300_000);
  } finally {
    await server.close();
  }
});

test.run();
