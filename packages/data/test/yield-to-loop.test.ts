// afterEventLoop: Node's setImmediate where it exists, a MessageChannel message where it does not (browsers).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { afterEventLoop } from '../src/yield-to-loop.js';

async function order(): Promise<string[]> {
  const seen: string[] = [];
  afterEventLoop(() => seen.push('first'));
  const cancel = afterEventLoop(() => seen.push('cancelled'));
  afterEventLoop(() => seen.push('second'));
  cancel();
  seen.push('sync');
  await new Promise((resolve) => setTimeout(resolve, 20));
  return seen;
}

test('with setImmediate (Node): runs after the synchronous code, in order; a cancelled call never runs', async () => {
  assert.equal(await order(), ['sync', 'first', 'second']);
});

test('without setImmediate (a browser): the same through a MessageChannel', async () => {
  const saved = globalThis.setImmediate;
  // @ts-expect-error: a browser has no setImmediate
  delete globalThis.setImmediate;
  try {
    assert.is(typeof setImmediate, 'undefined');
    assert.equal(await order(), ['sync', 'first', 'second']);
  } finally {
    globalThis.setImmediate = saved;
  }
});

test.run();
