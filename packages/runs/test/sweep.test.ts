// sweep() in worker processes: every grid point recorded in the directory, a diverged run ends with its
// error while the others go on, and the same sweep again trains nothing (finished runs are replayed).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TaggedEvent } from '@gradstream/events';
import { expandGrid, jobConfig, listRuns, summarizeRuns, sweep } from '../src/index.js';
import { collect, removeTempDirs, tempDir } from './helpers.js';

test.after(removeTempDirs);

test('a sweep runs the grid in worker processes, records every run, marks the diverged one and goes on', async () => {
  const dir = tempDir('sweep');
  const grid = { lr: [0.03, 3], batchSize: [10, 100] };
  const events = await collect(sweep(grid, { runs: dir, parallel: 2, local: false }));
  const ids = [...new Set(events.map((t) => t.runId))].sort();
  assert.equal(ids, ['lr=0.03,bs=10,seed=42', 'lr=0.03,bs=100,seed=42', 'lr=3,bs=10,seed=42', 'lr=3,bs=100,seed=42']);
  const last = (id: string) => events.filter((t) => t.runId === id).at(-1)!.event;
  assert.is(last('lr=0.03,bs=10,seed=42').type, 'done');
  assert.is(last('lr=0.03,bs=100,seed=42').type, 'done');
  for (const id of ['lr=3,bs=10,seed=42', 'lr=3,bs=100,seed=42']) {
    const e = last(id);
    assert.ok(e.type === 'error' && e.message.startsWith('training diverged'), JSON.stringify(e));
  }
  assert.equal(listRuns(dir).map((r) => `${r.runId} ${r.status}`), [
    'lr=0.03,bs=10,seed=42 done',
    'lr=0.03,bs=100,seed=42 done',
    'lr=3,bs=10,seed=42 diverged',
    'lr=3,bs=100,seed=42 diverged',
  ]);
  assert.equal(JSON.parse(readFileSync(join(dir, 'lr=3,bs=100,seed=42', 'config.json'), 'utf8')), jobConfig({ lr: 3, batchSize: 100 }));

  const logs = ids.map((id) => statSync(join(dir, id, 'events.ndjson')).mtimeMs);
  const again = await collect(sweep(grid, { runs: dir, parallel: 2 }));
  assert.equal(again.map((t) => t.runId).sort(), events.map((t) => t.runId).sort());
  assert.equal(ids.map((id) => statSync(join(dir, id, 'events.ndjson')).mtimeMs), logs, 'nothing trained again');
  assert.equal(again.filter((t) => t.runId === ids[0]), events.filter((t) => t.runId === ids[0]));
});

test('a worker process killed under a run: that run is reported and left interrupted, the sweep goes on, and the next sweep finishes it', async () => {
  const dir = tempDir('worker-killed');
  const grid = { lr: [0.03, 0.3, 0.1], n: 200000, epochs: 1 };
  const seen: TaggedEvent[] = [];
  let killed: string | undefined;
  await new Promise<void>((resolve, reject) =>
    sweep(grid, { runs: dir, parallel: 2, local: false }).subscribe({
      next: (t) => {
        seen.push(t);
        if (killed === undefined && t.event.type === 'step' && t.event.globalStep === 1000) {
          killed = t.runId;
          const lock = JSON.parse(readFileSync(join(dir, t.runId, 'writer.lock'), 'utf8')) as { pid: number };
          assert.is.not(lock.pid, process.pid, 'a worker process writes it');
          process.kill(lock.pid, 'SIGKILL');
        }
      },
      error: reject,
      complete: resolve,
    }),
  );
  const ends = summarizeRuns(seen);
  assert.equal(ends.find((r) => r.runId === killed)!.error, `the worker process running ${killed} exited (SIGKILL); the run is left interrupted and resumes on the next sweep`);
  assert.equal(ends.filter((r) => r.status === 'done').length, 2);
  assert.is(listRuns(dir).find((r) => r.runId === killed)!.status, 'interrupted');
  await collect(sweep(grid, { runs: dir, parallel: 2 }));
  assert.equal(listRuns(dir).map((r) => `${r.status} ${r.steps}`), ['done 20000', 'done 20000', 'done 20000']);
});

test('bad grids and options are refused before anything runs, naming the field, the rule and the value', () => {
  const refuse = (f: () => unknown, message: string) => assert.throws(f, (e: Error) => e.message === message);
  refuse(() => expandGrid({ lr: [] }), 'invalid argument. grid.lr must be a nonempty array. Value: `[]`.');
  refuse(() => expandGrid({ lr: [0.1, -1] }), 'invalid argument. grid.lr must be a positive finite number. Value: `-1`.');
  refuse(() => expandGrid({ lr: [0.1], batchSize: [0] }), 'invalid argument. grid.batchSize must be a positive integer. Value: `0`.');
  refuse(() => expandGrid({ lr: [0.1], optimizer: ['rmsprop' as 'sgd'] }), 'invalid argument. grid.optimizer must be one of sgd, momentum, adam. Value: `"rmsprop"`.');
  refuse(() => expandGrid({ lr: [0.1], seeds: 0 }), 'invalid argument. grid.seeds must be a positive integer (a count) or a nonempty array of seeds. Value: `0`.');
  refuse(() => expandGrid({ lr: [0.1], seeds: [1.5] }), 'invalid argument. grid.seeds must be an integer from 0 to 4294967295. Value: `1.5`.');
  refuse(() => sweep({ lr: [0.1] }, { runs: '' }), 'invalid argument. options.runs must be a nonempty path. Value: `""`.');
  refuse(() => sweep({ lr: [0.1] }, { runs: '/tmp/x', parallel: 0 }), 'invalid argument. options.parallel must be a positive integer. Value: `0`.');
  assert.equal(expandGrid({ lr: [0.1], optimizer: ['sgd', 'adam'], seeds: 2 }).map((c) => `${c.optimizer}/${c.seed}`), ['sgd/42', 'sgd/43', 'adam/42', 'adam/43']);
});

test.run();
