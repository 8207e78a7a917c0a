/**
 * A sweep's worker process: runs the jobs it is sent one after another (`runJob`, in time slices so the
 * process hears its parent between them) and sends back every event. When the parent goes away (the IPC
 * channel closes: the sweep ended, was unsubscribed or killed), the run under way is unsubscribed — the
 * trainer writes the checkpoint of the last step taken — and the process exits.
 */
import type { Subscription } from 'rxjs';
import { runJob } from './run-job.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

let current: Subscription | undefined;
// Sent only while the parent listens; a send racing its going away is dropped (the callback takes the EPIPE).
const send = (message: FromWorker) => {
  if (process.connected) process.send!(message, undefined, undefined, () => {});
};

process.on('message', (message: ToWorker) => {
  if (message.type !== 'job') return;
  const { dir, job, options } = message;
  const { runId } = job;
  try {
    current = runJob(dir, job, options).subscribe({
      next: (event) => send({ type: 'event', runId, event }),
      error: (err: unknown) => send({ type: 'failed', runId, message: err instanceof Error ? err.message : String(err) }),
      complete: () => send({ type: 'end', runId }),
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
