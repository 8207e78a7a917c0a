/**
 * `PublishChannel`s on the process's publishing thread: every run a process publishes (a sweep worker runs
 * several) talks to Redis from one worker thread (`publish-thread-main.ts`), started with the first channel and
 * let go (unref'd, so it never keeps the process alive) while none is open. The blocks' numbers are shared, not
 * copied. What stays on the caller's thread is one small postMessage a round-trip instead of encoding the
 * blocks, ioredis's command encoding, its two copies and the socket writes.
 */
import type { Worker } from 'node:worker_threads';
import type { Command, PublishChannel, RunKeys, SendResult, StreamStart } from './publish-channel.js';
import { startThread } from './thread-start.js';

type Reply = { cid?: number; opened?: StreamStart; failed?: string; sent?: number; errors?: (string | null)[] };
type Settle<T> = { resolve: (value: T) => void; reject: (err: Error) => void };

interface Thread {
  worker: Worker;
  opening: Map<number, Settle<StreamStart>>;
  waiting: Map<number, Settle<SendResult>>;
  open: number;
}

let thread: Thread | undefined;
let nextId = 0;

function publishingThread(): Thread {
  if (thread) return thread;
  const started: Thread = { worker: startThread(new URL('./publish-thread-main.js', import.meta.url), undefined), opening: new Map(), waiting: new Map(), open: 0 };
  const { worker, opening, waiting } = started;
  worker.on('message', (reply: Reply) => {
    if (reply.cid !== undefined) {
      const settle = opening.get(reply.cid);
      opening.delete(reply.cid);
      if (reply.failed === undefined) settle?.resolve(reply.opened ?? {});
      else settle?.reject(new Error(reply.failed));
      return;
    }
    const settle = waiting.get(reply.sent!);
    waiting.delete(reply.sent!);
    if (reply.errors) settle?.resolve(reply.errors);
    else settle?.reject(new Error(reply.failed));
  });
  const failAll = (err: Error) => {
    if (thread === started) thread = undefined;
    for (const settle of [...opening.values(), ...waiting.values()]) settle.reject(err);
    opening.clear();
    waiting.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', () => failAll(new Error('the publishing thread ended')));
  return (thread = started);
}

/**
 * @example
 * // not run: it needs a Redis server
 * import { openPublishThread } from './publish-thread.js';
 * const channel = openPublishThread('redis://127.0.0.1:6379', { prefix: 'gradstream:', runId: 'a', key: 'gradstream:run:a', checkpointKey: 'gradstream:checkpoint:a' });
 * console.log(await channel.opened);
 * channel.close();
 */
export function openPublishThread(url: string, keys: RunKeys, connectTimeoutMs?: number): PublishChannel {
  const t = publishingThread();
  const cid = nextId++;
  if (t.open++ === 0) t.worker.ref();
  const opened = new Promise<StreamStart>((resolve, reject) => t.opening.set(cid, { resolve, reject }));
  t.worker.postMessage({ open: cid, url, keys, connectTimeoutMs });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    t.worker.postMessage({ close: cid });
    if (--t.open === 0) t.worker.unref();
  };
  // A channel that never connected (refused, unreachable) is over: it must not keep the process alive.
  opened.catch(close);
  return {
    opened,
    send: (commands: readonly Command[]): Promise<SendResult> =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        t.waiting.set(id, { resolve, reject });
        // The blocks' numbers move to the thread instead of being copied; it encodes them and gives the buffers back.
        const blocks = commands.flatMap((c) => (c.field === 'b' && !(c.value.values.buffer instanceof SharedArrayBuffer) ? [c.value.values.buffer as ArrayBuffer] : []));
        t.worker.postMessage({ send: id, cid, commands }, blocks);
      }),
    close,
  };
}
