// The compare view's DOM-free logic: which runs the page watches (RunsStore.sync), where frames go, the
// hyperparameter filter, the table's order, and the overlaid curves on a step or an epoch axis.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunConfig } from '@gradstream/events';
import { BucketHistory } from '../src/bucket-history.js';
import type { HelloFrame } from '../src/protocol.js';
import type { RunsClientFrame, RunSummary } from '../src/runs-protocol.js';
import { varying } from '../dashboard/src/hyperparameters.js';
import { overlay, stepsPerEpoch } from '../dashboard/src/overlay-data.js';
import { sortRuns } from '../dashboard/src/run-order.js';
import { RUN_COLOURS, runColour } from '../dashboard/src/run-colours.js';
import { RunsStore } from '../dashboard/src/runs-store.js';
import { spacedLabels } from '../dashboard/src/ticks.js';
import { linregRun } from './helpers/linreg-run.js';

const config = (lr: number, batchSize: number, optimizer: 'sgd' | 'adam' = 'sgd'): RunConfig => ({ d: 2, n: 1000, batchSize, lr, epochs: 3, optimizer: { name: optimizer }, engine: 'fused', seed: 42 });
const summary = (id: string, c: RunConfig | null, over: Partial<RunSummary> = {}): RunSummary => ({ id, config: c, status: 'done', finalLoss: 1, gapToOptimum: null, steps: 300, epochs: 3, elapsedMs: 10, startedAt: 1, ...over });

function storeWith(runs: RunSummary[]): { store: RunsStore; sent: RunsClientFrame[] } {
  const store = new RunsStore();
  const sent: RunsClientFrame[] = [];
  store.apply({ type: 'hello', protocol: 2, schema: 1, runs });
  store.sync((f) => (sent.push(f), true));
  return { store, sent };
}

test('a sweep of 40 runs gets 40 colours: Tableau 10 first, then colours at least as far apart as 35 of 255 in RGB over the first 20 (Tableau 10 itself: 66)', () => {
  const ids = Array.from({ length: 40 }, (_, i) => `lr=${i}`);
  const { store } = storeWith(ids.map((id) => summary(id, null)));
  const colours = ids.map((id) => store.colour(id));
  assert.equal(colours.slice(0, 10), RUN_COLOURS);
  assert.equal(colours, ids.map((_, i) => runColour(i)));
  assert.is(new Set(colours).size, 40, 'no two runs share a colour');
  for (const c of colours) assert.match(c, /^#[0-9a-f]{6}$/);
  const rgb = (c: string) => [1, 3, 5].map((at) => parseInt(c.slice(at, at + 2), 16));
  const distance = (a: string, b: string) => Math.hypot(...rgb(a).map((x, k) => x - rgb(b)[k]!));
  const closest = Math.min(...colours.slice(0, 20).flatMap((a, i) => colours.slice(0, i).map((b) => distance(a, b))));
  assert.ok(closest >= 35, `closest pair of the first 20: ${closest.toFixed(0)}`);
  // The 11th run: hsl(20°, 60%, 62%), by the textbook conversion C = (1 − |2L − 1|)·S = 0.456, X = C·(1 − |H/60 mod 2 − 1|)
  // = 0.152, m = L − C/2 = 0.392: (C + m, X + m, m) = (0.848, 0.544, 0.392) = rgb(216, 139, 100).
  assert.is(runColour(10), '#d88b64');
});

test('the page watches the runs it shows plus the selected one, and asks again after a reconnection', () => {
  const runs = [summary('a', config(0.03, 10)), summary('b', config(0.3, 10)), summary('c', config(0.3, 100))];
  const { store, sent } = storeWith(runs);
  assert.equal(sent, [{ type: 'watch', runs: ['a', 'b', 'c'] }]);
  assert.equal([...runs].map((r) => store.colour(r.id)), RUN_COLOURS.slice(0, 3));
  const sync = () => store.sync((f) => (sent.push(f), true));

  store.tick('b', false);
  sync();
  assert.equal(sent.at(-1), { type: 'unwatch', runs: ['b'] });
  store.setFilter('batch size', '100');
  sync();
  assert.equal(sent.at(-1), { type: 'unwatch', runs: ['a'] });
  assert.equal(store.shown(), ['c']);
  // The selected run is watched even when it is not shown: its panels need it.
  store.select('b');
  sync();
  assert.equal(sent.at(-1), { type: 'watch', runs: ['b'] });
  const before = sent.length;
  sync();
  assert.is(sent.length, before, 'nothing to send when nothing changed');
  // A frame that could not be sent (socket closed) is sent by the next sync.
  store.setFilter('batch size', null);
  store.sync(() => false);
  sync();
  assert.equal(sent.at(-1), { type: 'watch', runs: ['a'] });
  // A new hello (the page reconnected): the server watches nothing for it, so it asks for everything again.
  store.apply({ type: 'hello', protocol: 2, schema: 1, runs });
  sync();
  assert.equal(sent.at(-1), { type: 'watch', runs: ['a', 'c', 'b'] });
});

test("a watched run's history and events go to its own store; an unwatched run's are ignored", () => {
  const events = linregRun({ epochs: 1, n: 100 });
  const { store } = storeWith([summary('a', config(0.03, 10)), summary('b', config(0.3, 10))]);
  store.tick('b', false);
  store.sync(() => true);
  assert.ok(store.accepts({ type: 'runs' }));
  const hello: HelloFrame = { type: 'hello', protocol: 1, schema: 1, seq: 0, run: null, latest: null, epochs: [], history: [], explain: null, done: null, error: null };
  store.apply({ type: 'history', runId: 'a', hello });
  events.forEach((e, i) => store.apply({ ...e, seq: i + 1, runId: 'a' }));
  assert.is(store.apply({ ...events[0], seq: 1, runId: 'b' }), false);
  assert.equal([...store.stores.keys()], ['a']);
  const a = store.stores.get('a')!;
  assert.is(a.stepsSeen, 10);
  assert.is(a.epochCount, 1);
  assert.ok(a.done !== null);
  // One run alone is selected by itself; with several, the reader chooses.
  assert.is(store.selected, null);
  const alone = storeWith([summary('x', null)]).store;
  assert.is(alone.selected, 'x');
});

test('the filter offers the hyperparameters that differ; the table sorts both ways with runs without a value last', () => {
  const runs = [summary('a', config(0.03, 10)), summary('b', config(0.3, 10, 'adam')), summary('c', config(3, 10), { status: 'diverged', finalLoss: null })];
  assert.equal([...varying(runs)], [['lr', [0.03, 0.3, 3]], ['optimizer', ['adam', 'sgd']]]);
  assert.equal([...varying([runs[0]])], [['lr', [0.03]], ['batch size', [10]]]);
  const losses = [summary('p', null, { finalLoss: 0.5, steps: 30 }), summary('q', null, { finalLoss: null, steps: 11 }), summary('r', null, { finalLoss: 0.1, steps: 300 })];
  assert.equal(sortRuns(losses, 'finalLoss', 'asc').map((r) => r.id), ['r', 'p', 'q']);
  assert.equal(sortRuns(losses, 'finalLoss', 'desc').map((r) => r.id), ['p', 'r', 'q']);
  assert.equal(sortRuns(losses, 'steps', 'desc').map((r) => r.id), ['r', 'p', 'q']);
});

test('the overlay puts runs of batch 10 and 100 on one epoch axis', () => {
  const small = new BucketHistory({ capacity: 64, columns: 1 });
  const large = new BucketHistory({ capacity: 64, columns: 1 });
  for (let s = 1; s <= 20; s++) small.add(s, [1 / s]);
  for (let s = 1; s <= 2; s++) large.add(s, [10 / s]);
  const perEpoch = [stepsPerEpoch({ ...config(0.03, 10), n: 100 }, []), stepsPerEpoch({ ...config(0.03, 100), n: 100 }, [])];
  assert.equal(perEpoch, [10, 1]);
  const o = overlay([small, large], 0, perEpoch.map((p) => 1 / p!));
  assert.is(o.x.at(-1), 2, 'both end at epoch 2');
  assert.equal(o.series[1].filter((v) => v !== undefined), [10, 5]);
  assert.is(o.series[0][o.x.indexOf(1)], 1 / 10, 'step 10 of the small batches is epoch 1');
  assert.is(o.firstMax, 10);
  assert.is(stepsPerEpoch(null, [{ type: 'epoch', epoch: 2, loss: 1, elapsedMs: 1, globalStep: 64 }]), 32);
  assert.is(stepsPerEpoch(null, []), null);
});

test('hyperparameter x labels: crowded values on a log axis keep only labels that do not overlap, the ends first', () => {
  // A sweep's learning rates where the chart puts them (300 units wide, a log axis from 0.003 to 3).
  const lrs = [0.003, 0.03, 0.05, 0.1, 0.2, 0.3, 3];
  const at = (lr: number) => 56 + (0.06 + (0.88 * (Math.log10(lr) - Math.log10(0.003))) / 3) * 228;
  const kept = spacedLabels(lrs.map((lr) => [at(lr), String(lr)]));
  assert.equal(kept.map(([, label]) => label), ['0.003', '0.03', '0.1', '0.3', '3']);
  for (let i = 1; i < kept.length; i++) {
    const [[a, la], [b, lb]] = [kept[i - 1]!, kept[i]!];
    assert.ok(b - a >= (la.length + lb.length) * 3.3, `${la} and ${lb} are ${(b - a).toFixed(1)} apart`);
  }
  // Labels far apart all stay.
  assert.equal(spacedLabels([[200, 'sgd'], [80, 'adam']]).map(([, l]) => l), ['adam', 'sgd']);
});

test.run();
