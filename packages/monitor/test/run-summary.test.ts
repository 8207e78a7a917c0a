import type { StepEvent } from '@gradstream/events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RunStore } from '../dashboard/src/store.js';
import type { ServerFrame } from '../src/protocol.js';
import { RunState } from '../src/run-state.js';
import { RunSummaryTracker } from '../src/run-summary.js';

const step = (g: number): StepEvent => ({ type: 'step', epoch: 1, step: g, globalStep: g, size: 10, loss: 1 / g, w: [g, -g], b: g, gradNorm: 1 });
const interrupted = { type: 'error', message: 'interrupted by Ctrl-C after 120 steps', globalStep: 120 } as const;

test('an interrupted run whose events go on (resumed in the same stream) is live again, then done', () => {
  const run = new RunSummaryTracker('lr=0.03');
  run.apply({ type: 'epoch', epoch: 1, loss: 0.5, elapsedMs: 12, globalStep: 100 });
  run.apply(step(120));
  run.apply(interrupted);
  assert.equal([run.status, run.summary().message, run.summary().finalLoss], ['interrupted', 'interrupted by Ctrl-C after 120 steps', 0.5]);
  // The resumed run replays from its checkpoint at step 100: its first step is not past the marker, and still goes on.
  assert.ok(run.apply(step(101)));
  assert.equal([run.status, 'message' in run.summary(), run.summary().steps], ['live', false, 101]);
  run.apply({ type: 'done', epochs: 3, steps: 300, elapsedMs: 40, loss: 0.25 });
  assert.equal([run.status, run.summary().finalLoss, run.summary().steps], ['done', 0.25, 300]);
});

test('an epoch after the marker also resumes it; a failed or diverged run stays failed', () => {
  const run = new RunSummaryTracker('a');
  run.apply(interrupted);
  run.apply({ type: 'epoch', epoch: 2, loss: 0.4, elapsedMs: 20, globalStep: 200 });
  assert.is(run.status, 'live');
  const failed = new RunSummaryTracker('b');
  failed.apply({ type: 'error', message: 'training diverged at step 7', globalStep: 7 });
  failed.apply(step(8));
  assert.equal([failed.status, failed.summary().message], ['diverged', 'training diverged at step 7']);
});

test('the dashboard store: a run interrupted and resumed in the same stream stops showing the interruption when its events go on', () => {
  const store = new RunStore();
  const frame = (e: object, seq: number) => ({ ...e, seq }) as unknown as ServerFrame;
  store.apply(frame(step(120), 1));
  store.apply(frame(interrupted, 2));
  assert.is(store.error?.message, 'interrupted by Ctrl-C after 120 steps');
  store.apply(frame(step(101), 3));
  assert.is(store.error, null);
  store.apply(frame({ type: 'error', message: 'training diverged at step 150', globalStep: 150 }, 4));
  store.apply(frame(step(151), 5));
  assert.is(store.error?.message, 'training diverged at step 150', 'any other error stays');
});

test('a page that joins after a resumed run ended gets its done alone, not the interruption before it (a review saw "Run failed")', () => {
  const state = new RunState({ historySize: 64, logSize: 1 });
  state.record(step(120));
  state.record(interrupted);
  assert.is(state.hello().error?.message, 'interrupted by Ctrl-C after 120 steps', 'while it is stopped, a newcomer sees why');
  state.record(step(101));
  state.record({ type: 'done', epochs: 3, steps: 300, elapsedMs: 40, loss: 0.25 });
  const hello = state.hello();
  assert.equal([hello.error ?? null, hello.done?.steps], [null, 300]);
  state.record({ type: 'error', message: 'training diverged at step 7', globalStep: 7 });
  state.record(step(8));
  assert.is(state.hello().error?.message, 'training diverged at step 7', 'any other error stays');
});

test.run();
