// `gradstream train --model mlp --data moons --monitor`, as a person meets it (issue 15): the printed URL opened
// in Debian's headless Chromium. The decision-boundary panel changes as the MLP learns, the accuracy it shows
// is the one the run's last epoch event reports, and the other panels follow the model (norms per tensor,
// an explanation of every parameter). The screenshot is the one the README shows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrainEvent, type EpochEvent } from '@gradstream/events';
import { hook, watchSession, type Window } from './watched.js';

const { browser, tmp, startWatched } = await watchSession('model-watch');

test('train --model mlp --data moons --monitor: the decision boundary changes as the MLP learns and the accuracy shown is the last epoch\'s', async () => {
  const record = join(tmp, 'moons.ndjson');
  const { child, url } = await startWatched(['--model', 'mlp', '--data', 'moons', '--monitor', '0', '--record', record]);
  const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
  await page.goto(url);
  // Early in the run: the plane is drawn from the parameters of the first steps.
  await page.waitForFunction(() => ((globalThis as unknown as Window).__gradstream?.boundary?.version ?? 0) >= 1 && (globalThis as unknown as Window).__gradstream!.epochs >= 1, undefined, { timeout: 20_000 });
  const early = (await hook(page, (h) => h.boundary!.cells))!;
  assert.is(early.length, 3600);
  assert.ok(await page.isVisible('[data-testid="boundary"]'));
  await page.waitForFunction(() => (globalThis as unknown as Window).__gradstream?.state === 'done', undefined, { timeout: 40_000 });
  await new Promise((r) => setTimeout(r, 400));
  const late = (await hook(page, (h) => h.boundary!))!;
  const changed = late.cells!.filter((c, i) => c !== early[i]).length;
  assert.ok(changed > 36, `only ${changed} of 3600 cells changed class between an early moment and the end`);
  assert.ok(late.cells!.includes(1) && late.cells!.includes(-1), 'both classes are predicted somewhere');
  // The accuracy the page shows is the last epoch event's, as recorded by the run.
  const epochs = readFileSync(record, 'utf8').trim().split('\n').map((l) => parseTrainEvent(l)).filter((e): e is EpochEvent => e.type === 'epoch');
  assert.is(epochs.length, 30);
  const last = epochs.at(-1)!.accuracy!;
  assert.is(late.accuracy, last);
  assert.is(await page.textContent('[data-testid="accuracy"]'), String(Number((last * 100).toPrecision(4))));
  // The other panels follow the model: one norm per tensor, the explanation of every parameter.
  const legend = await page.$$eval('[data-testid="params-chart"] .u-legend .u-series th', (ths) => ths.map((t) => t.textContent?.trim()));
  for (const name of ['‖W1‖', '‖b1‖', '‖W2‖', '‖b2‖', '‖W3‖', '‖b3‖']) assert.ok(legend.includes(name), `${name} in ${legend.join(', ')}`);
  assert.match((await page.textContent('[data-testid="explain"]'))!, /and 297 more parameters/);
  // The graph of one step: X → three layers (matmul, add, relu) → hinge, the L2 term → loss.
  assert.ok((await hook(page, (h) => h.graphNodes)) >= 12, 'the MLP step graph is drawn');
  // Its labels stay readable: the graph is drawn at no less than 3/4 of its size (11 px text), scrolling when wider.
  const scale = await page.locator('[data-testid="graph-svg"]').evaluate((svg) => {
    const e = svg as unknown as { getBoundingClientRect(): { width: number }; viewBox: { baseVal: { width: number } } };
    return e.getBoundingClientRect().width / e.viewBox.baseVal.width;
  });
  assert.ok(scale * 11 >= 8, `graph text drawn at ${(scale * 11).toFixed(1)} px`);
  await page.locator('#boundary-card').screenshot({ path: new URL('../../../docs/boundary.png', import.meta.url).pathname });
  await page.close();
  child.kill('SIGINT');
});

test.run();
