/**
 * A sweep's worker process: runs the jobs it is sent one after another (`runJob`, in time slices so the
 * process hears its parent between them) and sends back every event, one message a slice. When the parent goes away (the IPC
 * channel closes: the sweep ended, was unsubscribed or killed), the run under way is unsubscribed — the
 * trainer writes the checkpoint of the last step taken — and the process exits.
 */
import type { Subscription } from 'rxjs';
import type { TrainEvent } from '@gradstream/events';
import { runJob } from './run-job.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

let current: Subscription | undefined;
let batch: { runId: string; events: TrainEvent[] } | undefined;
// Sent only while the parent listens; a send racing its going away is dropped (the callback takes the EPIPE).
const send = (message: FromWorker) => {
  if (process.connected) process.send!(message, undefined, undefined, () => {});
};

/** Sends the events buffered so far: after each time slice (the loop's turn), and before a run's end. */
const flush = () => {
  if (batch && batch.events.length > 0) send({ type: 'events', ...batch });
  batch = undefined;
};
const buffer = (runId: string, event: TrainEvent) => {
  if (!batch) {
    batch = { runId, events: [] };
    setImmediate(flush);
  }
  batch.events.push(event);
};

process.on('message', (message: ToWorker) => {
  if (message.type !== 'job') return;
  const { dir, job, options } = message;
  const { runId } = job;
  try {
    current = runJob(dir, job, options).subscribe({
      next: (event) => buffer(runId, event),
      error: (err: unknown) => {
        flush();
        send({ type: 'failed', runId, message: err instanceof Error ? err.message : String(err) });
      },
      complete: () => {
        flush();
        send({ type: 'end', runId });
      },
    });
  } catch (err) {
    send({ type: 'failed', runId, message: err instanceof Error ? err.message : String(err) });
  }
});

// The imports above are loaded: the sweep may send jobs now.
send({ type: 'ready' });

process.on('disconnect', () => {
  current?.unsubscribe();
  process.exit(0);
});
