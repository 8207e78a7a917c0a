/**
 * The parse worker's entry (a `node:worker_threads` thread started by {@link ParseWorker}): it reads and
 * parses a CSV or NDJSON file with the same reader as the main thread ({@link readSource}: the same numbers,
 * the same errors, naming the file and line) and sends the rows to the main thread in transferable chunks
 * ({@link RowChunkWriter}), which the main thread shuffles, batches and trains on meanwhile; when the main thread
 * has nothing to do, the next chunk of the file goes to it as text instead. Started with a
 * `from` position it reads at once; without one it says `ready` and waits for the position to start from.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromParseWorker, ParseWorkerData, ToParseWorker } from './parse-worker-messages.js';
import { sendableError } from './parse-worker-messages.js';
import { ROW_CHUNK_BYTES, RowChunkWriter } from './row-chunks.js';
import { readSource, type ReadPosition } from './source-reader.js';

const port = parentPort as NonNullable<typeof parentPort>;
const data = workerData as ParseWorkerData;
const post = (message: FromParseWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
const writer = new RowChunkWriter(post);

/** The reader's subscriber: an error sends the rows parsed before it, then the error. */
const reader = {
  closed: false,
  error(err: unknown): void {
    if (reader.closed) return;
    reader.closed = true;
    writer.finish();
    post({ type: 'error', error: sendableError(err) });
  },
};

function start(from: ReadPosition): void {
  const spec = { source: data.path, format: data.format, name: data.name, label: data.label };
  readSource(
    spec,
    reader,
    {
      target: writer.target,
      columns: (columns) => writer.open(columns.features.length),
      row: (X, offset, y) => writer.row(X, offset, y),
      chunkRead: () => writer.chunkRead(),
      chunkBytes: ROW_CHUNK_BYTES, // small reads: the text chunks sent to the main thread are as small
      text: { wanted: () => writer.idle(), bytes: (n) => writer.textBytes(n), take: (text, line) => writer.text(text, line) },
      end() {
        writer.finish();
        post({ type: 'end' });
      },
    },
    from,
  );
}

port.on('message', (message: ToParseWorker) => {
  if (message.type === 'return') writer.returned(message.buffer);
  else if (message.type === 'parsed') writer.parsed(message.buffer);
  else start(message.from);
});
if (data.from) start(data.from);
else post({ type: 'ready' });
