import { minibatches, syntheticLinear } from '@gradstream/data';
import { lastValueFrom, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { flagName, optionalValue, parseOptions, value } from '../src/args.js';
import { paced } from '../src/paced.js';
import { finiteNumber, looksLikePort, port } from '../src/values.js';

const ds = syntheticLinear({ n: 53, seed: 3 });
const open = (startAt: { epoch: number; index: number }) => minibatches(ds, { batchSize: 5, epochs: 3, seed: 3, startAt });

test('paced yields between slices yet emits exactly the batches of one uninterrupted stream', async () => {
  const direct = await lastValueFrom(open({ epoch: 1, index: 0 }).pipe(toArray()));
  let turns = 0;
  // sliceMs 0: reopen after every batch, the hardest case for the resume arithmetic (short last batches).
  const slow = await lastValueFrom(paced(open, { epoch: 1, index: 0 }, { sliceMs: 0, ready: () => void turns++ }).pipe(toArray()));
  assert.is(direct.length, 33); // 3 epochs × ceil(53 / 5)
  assert.ok(turns >= 30, `yielded ${turns} times`);
  assert.equal(slow.map((b) => [b.epoch, b.index, b.size, Array.from(b.indices)]), direct.map((b) => [b.epoch, b.index, b.size, Array.from(b.indices)]));
});

test('paced stops between slices when asked, without completing', async () => {
  let seen = 0;
  let completed = false;
  const sub = paced(open, { epoch: 1, index: 0 }, { sliceMs: 0, stopped: () => seen >= 4 }).subscribe({
    next: () => seen++,
    complete: () => (completed = true),
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  sub.unsubscribe();
  assert.is(seen, 4);
  assert.is(completed, false);
});

test('the parser takes negative numbers as values, optional values only when they fit, and --name=value', () => {
  const specs = {
    trueB: value(finiteNumber, 'B', ''),
    monitor: optionalValue(port, looksLikePort, 0, 'PORT', ''),
  };
  assert.equal(parseOptions('t', ['--true-b', '-1.5', '--monitor'], specs).values, { trueB: -1.5, monitor: 0 });
  assert.equal(parseOptions('t', ['--monitor', '8080'], specs).values, { monitor: 8080 });
  const withPositional = parseOptions('t', ['--monitor', 'extra', '--true-b=2e-3'], specs);
  assert.equal(withPositional.values, { monitor: 0, trueB: 0.002 });
  assert.equal(withPositional.positionals, ['extra']);
  assert.is(flagName('exitWhenDone'), '--exit-when-done');
});

test.run();
