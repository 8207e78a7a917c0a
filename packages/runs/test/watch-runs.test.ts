// watchRuns on a real directory: runs recorded before, runs added later (by this process and by another),
// a run whose writer was killed, all as tagged events.
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TaggedEvent } from '@gradstream/events';
import { recordRun, watchRuns } from '../src/index.js';
import { exited, heldAt, release, removeTempDirs, startFixture, tempDir, waitFor } from './helpers.js';

test.after(removeTempDirs);

const ended = (seen: TaggedEvent[], runId: string) => seen.find((t) => t.runId === runId && (t.event.type === 'done' || t.event.type === 'error'));

test('watchRuns reads the runs there, then runs added later — in this process and in another — as their logs grow', async () => {
  const dir = join(tempDir('watch'), 'runs'); // not there yet: the watcher waits for it
  const seen: TaggedEvent[] = [];
  const sub = watchRuns(dir, { pollMs: 100 }).subscribe((t) => seen.push(t));
  try {
    const first = await lastValueFrom(recordRun(dir, { lr: 0.3, epochs: 1 }));
    await waitFor('the first run to be seen to its end', () => ended(seen, first.runId) !== undefined, 10_000);
    // The writer holds at step 100 or just past it, until released: the watcher must see its steps while it is written.
    const child = startFixture('run-job', [dir, 'later', JSON.stringify({ lr: 0.03, n: 20000, epochs: 1 }), '100']);
    const held = await heldAt(child);
    await waitFor('steps of the run added later, while it is written', () => seen.some((t) => t.runId === 'later' && t.event.type === 'step' && t.event.globalStep === held), 20_000);
    assert.is(ended(seen, 'later'), undefined, 'seen live, before its end');
    release(child);
    await waitFor('the later run to end', () => ended(seen, 'later') !== undefined, 30_000);
    await exited(child);
    const later = seen.filter((t) => t.runId === 'later');
    assert.is(later[0].event.type, 'run');
    assert.is(later.at(-1)!.event.type, 'done');
    assert.equal(later.filter((t) => t.event.type === 'step').map((t) => t.event.type === 'step' && t.event.globalStep), Array.from({ length: 2000 }, (_, i) => i + 1));
    assert.equal(seen.filter((t) => t.runId === first.runId).map((t) => t.event.type).slice(0, 2), ['run', 'step']);
  } finally {
    sub.unsubscribe();
  }
});

test('a run whose writer was killed ends, for a watcher, with an error event saying it was interrupted', async () => {
  const dir = tempDir('killed');
  const child = startFixture('run-job', [dir, 'killed', JSON.stringify({ lr: 0.03, n: 20000 }), '300']);
  const seen: TaggedEvent[] = [];
  const sub = watchRuns(dir, { pollMs: 100 }).subscribe((t) => seen.push(t));
  try {
    const held = await heldAt(child);
    await waitFor('steps', () => seen.some((t) => t.event.type === 'step' && t.event.globalStep === held), 20_000);
    child.kill('SIGKILL');
    await exited(child);
    await waitFor('the interruption', () => ended(seen, 'killed') !== undefined, 5000);
    const last = ended(seen, 'killed')!.event;
    const steps = seen.filter((t) => t.event.type === 'step').length;
    assert.equal(last, {
      type: 'error',
      message: `interrupted: the process writing this run stopped after ${steps} steps, before the run's end; the same sweep (or runJob) resumes it from its checkpoint`,
      globalStep: steps,
    });
  } finally {
    sub.unsubscribe();
  }
});

test.run();
