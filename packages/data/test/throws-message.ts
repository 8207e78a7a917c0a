// Test helper: asserts that `fn` throws an error of `Kind` whose message is exactly `message`.
import * as assert from 'uvu/assert';

export function throwsMessage(fn: () => unknown, Kind: typeof Error, message: string): void {
  try {
    fn();
  } catch (e) {
    assert.instance(e, Kind);
    assert.is((e as Error).message, message);
    return;
  }
  assert.unreachable(`expected: ${message}`);
}
