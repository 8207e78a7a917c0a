/**
 * Runs `fn` once the event loop has served what is waiting (I/O, timers, signals, a page's input and
 * painting), and returns a function that cancels it. Node has `setImmediate`; a browser has none, so there
 * a `MessageChannel` message does the same job (`setTimeout(fn, 0)` would be clamped to 4 ms after a few
 * nested calls, a sixth of a 25 ms time slice).
 *
 * @example
 * import { afterEventLoop } from './yield-to-loop.js';
 * afterEventLoop(() => console.log('after'));
 * const cancel = afterEventLoop(() => console.log('never'));
 * cancel();
 * console.log('now'); // prints now, then after
 */
export function afterEventLoop(fn: () => void): () => void {
  const { setImmediate, clearImmediate } = globalThis as unknown as NodeTimers;
  if (typeof setImmediate === 'function') {
    const handle = setImmediate(fn);
    return () => clearImmediate(handle);
  }
  return viaMessage(fn);
}

/** Node's immediates, looked up at call time: a browser has none (and its type checks know none). */
interface NodeTimers {
  setImmediate?: (fn: () => void) => unknown;
  clearImmediate: (handle: unknown) => void;
}

const queue: (() => void)[] = [];
/** The part of a MessageChannel used here, typed for browsers and Node alike. */
interface Channel {
  port1: { onmessage: (() => void) | null; unref?: () => void };
  port2: { postMessage(message: unknown): void };
}
let channel: Channel | undefined;

function viaMessage(fn: () => void): () => void {
  let cancelled = false;
  if (!channel) {
    channel = new MessageChannel() as unknown as Channel;
    channel.port1.onmessage = () => queue.shift()?.();
    // Node (tests) only: an open port would keep the process alive. Browsers' ports have no unref.
    channel.port1.unref?.();
  }
  queue.push(() => {
    if (!cancelled) fn();
  });
  channel.port2.postMessage(0);
  return () => {
    cancelled = true;
  };
}
