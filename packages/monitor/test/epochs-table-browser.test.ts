// The "After each epoch" table of a long run, in a real headless Chromium against a real monitor: a 40-epoch run shows
// its first 3 and last 8 epochs with one row saying how many lie between, each shown loss the run's own; a 3-epoch
// run shows all three. The header's pill next to a finished run reads "connected" (the connection), not "live".
import { mkdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lastValueFrom, from, toArray } from 'rxjs';
import { syntheticLinear } from '@gradstream/data';
import type { EpochEvent, TrainEvent } from '@gradstream/events';
import { trainOn } from '@gradstream/trainer';
import { serveMonitor } from '../src/index.js';
import { launchChromium, openPage } from './helpers/chromium.js';

const artifacts = new URL('../artifacts/', import.meta.url);
mkdirSync(artifacts, { recursive: true });
const browser = await launchChromium();
test.after(() => browser.close());

async function table(epochs: number, streamed = false) {
  const trained = (await lastValueFrom(trainOn(syntheticLinear({ n: 200, seed: 3 }), { lr: 0.03, batchSize: 100, epochs, seed: 3 }).pipe(toArray()))) as TrainEvent[];
  // A run trained on streamed rows (a file, stdin) carries no data sample, and its epoch loss is the batches' mean.
  const events = streamed ? trained.map((e) => (e.type === 'run' ? { ...e, sample: undefined } : e)) : trained;
  const server = await serveMonitor(from(events), { port: 0 });
  const { page, problems } = await openPage(browser, server.url);
  try {
    await page.waitForSelector('[data-testid="run-status"][data-state="done"]', { timeout: 30_000 });
    const rows = await page.locator('#epochs tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { textContent: string }).textContent));
    const shown = await page.locator('#epochs [data-testid^="epoch-loss-"]').evaluateAll((spans) =>
      spans.map((s) => {
        const a = s as unknown as { getAttribute(name: string): string | null };
        return [Number(a.getAttribute('data-testid')!.slice('epoch-loss-'.length)), Number(a.getAttribute('data-value'))];
      }),
    );
    const pill = await page.locator('[data-testid="connection"]').textContent();
    const heading = await page.locator('#epochs thead th').nth(1).textContent();
    const scatter = await page.locator('#scatter').textContent();
    await page.locator('#epochs').screenshot({ path: new URL(`epochs-${epochs}.png`, artifacts).pathname });
    assert.equal(problems, []);
    return { rows, shown, pill, heading, scatter, epochEvents: events.filter((e): e is EpochEvent => e.type === 'epoch') };
  } finally {
    await page.close();
    await server.close();
  }
}

test('a 40-epoch run: the first 3 and the last 8 epochs, and a row for the 29 between; each loss shown is the run\'s', async () => {
  const { rows, shown, pill, epochEvents } = await table(40);
  assert.is(rows.length, 12);
  assert.is(rows[3], '… 29 epochs in between (the loss chart shows the whole run)');
  assert.equal(shown.map(([epoch]) => epoch), [1, 2, 3, 33, 34, 35, 36, 37, 38, 39, 40]);
  for (const [epoch, loss] of shown) assert.is(loss, epochEvents[epoch! - 1]!.loss, `epoch ${epoch}`);
  assert.is(pill, 'connected');
});

test('a 3-epoch run (the lesson\'s count): every epoch, no elided row', async () => {
  const { rows, shown } = await table(3);
  assert.is(rows.length, 3);
  assert.equal(shown.map(([epoch]) => epoch), [1, 2, 3]);
});

test('the loss column says what the loss is over: all rows for data in memory, the batches\' mean for streamed rows', async () => {
  const inMemory = await table(3);
  assert.is(inMemory.heading, 'loss (all rows)');
  const streamed = await table(3, true);
  assert.is(streamed.heading, 'loss (mean of batches)');
  assert.match(streamed.scatter!, 'This run carries no data sample: its rows were streamed (a file or stdin), not held in memory.');
});

test.run();
