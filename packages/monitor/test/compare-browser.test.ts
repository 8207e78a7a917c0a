// The compare view in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
// serveRuns on 127.0.0.1 serves eight real training runs of the lesson (`@gradstream/trainer`'s trainOn,
// lr 0.003, 0.03, 0.3, 3 × batch 10, 100), and the test reads what the page shows through its hook and
// its DOM: eight legend entries and eight loss series, unticking removes a curve, selecting a run fills
// the single-run panels with that run, and a run started afterwards appears live. Screenshots go to
// packages/monitor/artifacts/ (git-ignored; docs/compare.png is one of them).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { concatMap, lastValueFrom, map, merge, Subject, timer, type Observable } from 'rxjs';
import { syntheticLinear } from '@gradstream/data';
import type { TaggedEvent, TrainEvent } from '@gradstream/events';
import { trainOn } from '@gradstream/trainer';
import { serveRuns, type MonitorServer } from '../src/index.js';
import { launchChromium, openPage, readHook, until } from './helpers/chromium.js';

const artifacts = new URL('../artifacts/', import.meta.url);
mkdirSync(artifacts, { recursive: true });
const browser = await launchChromium();
test.after(() => browser.close());

const LRS = [0.003, 0.03, 0.3, 3];
const BATCHES = [10, 100];
const ds = syntheticLinear({ n: 1000, w: [2, -3.4], b: 4.2, noise: 0.01, seed: 42 });
const idOf = (lr: number, bs: number) => `lr=${lr},bs=${bs},seed=42`;

/** One lesson run, its events tagged with its id (as a sweep or a directory of runs names them). */
function run(lr: number, batchSize: number, paceMs = 0): Observable<TaggedEvent> {
  const events$ = trainOn(ds, { lr, batchSize, epochs: 3, seed: 42 }) as Observable<TrainEvent>;
  const paced = paceMs > 0 ? events$.pipe(concatMap((e) => timer(paceMs).pipe(map(() => e)))) : events$;
  return paced.pipe(map((event) => ({ runId: idOf(lr, batchSize), event })));
}


test('eight runs overlaid: legend and series per run, unticking, selecting, and a run that starts later appears live', async () => {
  const later = new Subject<TaggedEvent>();
  const grid = LRS.flatMap((lr) => BATCHES.map((bs) => run(lr, bs)));
  const server: MonitorServer = await serveRuns(merge(...grid, later), { announceMs: 50 });
  const { page, problems } = await openPage(browser, server.url);
  try {
    await until(page, 'h?.compare?.legend.length === 8 && h.compare.series.length === 8');
    let h = await readHook(page);
    const ids = LRS.flatMap((lr) => BATCHES.map((bs) => idOf(lr, bs)));
    assert.equal([...h.compare!.legend].sort(), [...ids].sort());
    assert.equal([...h.compare!.series].sort(), [...ids].sort());
    // lr = 3 diverges at both batch sizes; every other run finishes.
    for (const id of ids) assert.is(h.compare!.statuses[id], id.startsWith('lr=3,') ? 'diverged' : 'done', id);
    assert.is(await page.locator('[data-testid="legend-entry"]').count(), 8);
    // The table lists the finished runs by final loss, the diverged ones last; the scatter has a dot per finished run.
    assert.equal(h.compare!.tableOrder.slice(-2).sort(), [idOf(3, 10), idOf(3, 100)]);
    await until(page, 'h.compare.hparamPoints === 12');
    assert.is(h.compare!.selected, null);
    await page.screenshot({ path: new URL('compare.png', artifacts).pathname, fullPage: true });

    // Unticking a run removes its curve (and the page stops receiving it); ticking brings it back.
    const off = idOf(0.3, 10);
    await page.locator(`li[data-run="${off}"] input[type="checkbox"]`).uncheck();
    await until(page, `h.compare.series.length === 7 && !h.compare.series.includes(${JSON.stringify(off)})`);
    h = await readHook(page);
    assert.ok(!h.compare!.watched.includes(off), 'an unticked run is not watched');
    await page.locator(`li[data-run="${off}"] input[type="checkbox"]`).check();
    await until(page, 'h.compare.series.length === 8');

    // The filter by hyperparameter: lr 0.3 leaves its two runs in the legend and on the chart.
    await page.locator('[data-testid="filter-lr"]').selectOption('0.3');
    await until(page, 'h.compare.legend.length === 2 && h.compare.series.length === 2');
    assert.equal((await readHook(page)).compare!.legend, [idOf(0.3, 10), idOf(0.3, 100)]);
    await page.locator('[data-testid="filter-lr"]').selectOption('');
    await until(page, 'h.compare.legend.length === 8 && h.compare.series.length === 8');
    // The table sorts by a column heading, again the other way.
    await page.locator('[data-testid="runs-table"] th[data-sort="steps"]').click();
    // Fewest steps first: the diverged runs (11 steps each, ties by id), then the batch-100 runs (30).
    await until(page, `h.compare.tableOrder.slice(0, 3).join(' ') === ${JSON.stringify([idOf(3, 10), idOf(3, 100), idOf(0.003, 100)].join(' '))}`);
    await page.locator('[data-testid="runs-table"] th[data-sort="steps"]').click();
    await until(page, `h.compare.tableOrder[0] === ${JSON.stringify(idOf(0.003, 10))}`);

    // Selecting a run (its name in the list) fills the single-run panels with that run.
    const chosen = idOf(0.03, 100);
    await page.locator(`li[data-run="${chosen}"] .run-name`).click();
    await until(page, `h.compare.selected === ${JSON.stringify(chosen)} && h.state === 'done' && h.epochs === 3`);
    h = await readHook(page);
    assert.is(h.stepsSeen, 30, '1000 rows in batches of 100, 3 epochs');
    assert.is(h.latest?.globalStep, 30);
    // The same seed gives the same events: the panels show this run's final parameters, exactly.
    const done = (await lastValueFrom(trainOn(ds, { lr: 0.03, batchSize: 100, epochs: 3, seed: 42 }))) as TrainEvent;
    assert.is(done.type, 'done');
    assert.equal([h.latest!.w, h.latest!.b], [(done as { w: number[] }).w, (done as { b: number }).b]);
    await until(page, `document.querySelector('[data-testid="selected-run"]').textContent === ${JSON.stringify(chosen)}`);
    // The panels draw on the page's next redraw: the loss chart and the graph fill.
    await until(page, 'h.lossPoints === 30 && h.graphNodes > 0');
    // A row of the table selects too.
    await page.locator(`[data-testid="runs-table"] tr[data-run="${idOf(0.3, 100)}"]`).click();
    await until(page, `h.compare.selected === ${JSON.stringify(idOf(0.3, 100))} && h.stepsSeen === 30`);
    await until(page, 'h.lossPoints === 30');
    // Hovering the curves shows each run's loss there next to its name in the run list (the legend).
    // hover() waits until the plot is visible and stable (a selection may just have redrawn the chart), then moves to its centre.
    await page.locator('[data-testid="compare-chart"] .u-over').hover();
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { textContent: string }[] } }).document.querySelectorAll('.run-value').length > 0);
    const shownValues = await page.locator('.run-value').allTextContents();
    assert.ok(shownValues.filter((t) => /^\d/.test(t)).length >= 6, `values beside the names: ${shownValues.join(' | ')}`);
    await page.screenshot({ path: new URL('compare-viewport.png', artifacts).pathname });

    // A run started afterwards appears without a reload, live, then done.
    const late = 'lr=0.1,bs=10,seed=42';
    run(0.1, 10, 2).pipe(map((t) => ({ ...t, runId: late }))).subscribe(later);
    await until(page, `h.compare.legend.includes(${JSON.stringify(late)}) && h.compare.series.length === 9`);
    h = await readHook(page);
    assert.is(h.compare!.statuses[late], 'live');
    await until(page, `h.compare.statuses[${JSON.stringify(late)}] === 'done'`);
    await page.screenshot({ path: new URL('compare-selected.png', artifacts).pathname, fullPage: true });
    assert.equal(problems, []);
  } finally {
    await page.close();
    await server.close();
  }
});

test('a sweep of twelve runs: twelve colours in the legend, none repeated (the chart, table and scatter take the same colour per run)', async () => {
  const grid = [0.01, 0.02, 0.05, 0.1].flatMap((lr) => [10, 20, 50].map((bs) => run(lr, bs)));
  const server: MonitorServer = await serveRuns(merge(...grid), { announceMs: 50 });
  const { page, problems } = await openPage(browser, server.url);
  try {
    await until(page, 'h?.compare?.legend.length === 12 && h.compare.series.length === 12');
    // The colours the browser draws (this file is typechecked without the DOM's types: the page's function says what it uses).
    type Styled = { ownerDocument: { defaultView: { getComputedStyle(e: unknown): { backgroundColor: string } } } };
    const swatches = await page.locator('[data-testid="legend-entry"] .swatch').evaluateAll((els) => els.map((e) => (e as unknown as Styled).ownerDocument.defaultView.getComputedStyle(e).backgroundColor));
    assert.is(swatches.length, 12);
    assert.is(new Set(swatches).size, 12, `legend colours: ${swatches.join(' ')}`);
    await page.screenshot({ path: new URL('compare-twelve.png', artifacts).pathname, fullPage: true });
    assert.equal(problems, []);
  } finally {
    await page.close();
    await server.close();
  }
});

test.run();
