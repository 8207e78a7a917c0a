/**
 * The messages between a sweep and its worker processes (over the IPC channel): the worker says it is
 * ready (its modules loaded), a job goes out, its events come back tagged with the run id, then its end —
 * or the reason it could not run.
 */
import type { TrainEvent } from '@gradstream/events';
import type { RunJob } from './job.js';
import type { RunJobOptions } from './run-job.js';

/** The options that cross the IPC channel (as JSON): a `ready` function cannot. */
export type SentJobOptions = Omit<RunJobOptions, 'ready'>;

export type ToWorker = { type: 'job'; dir: string; job: RunJob; options: SentJobOptions };

export type FromWorker =
  | { type: 'ready' }
  /** The events of one time slice of a run (one message a slice, not one an event). */
  | { type: 'events'; runId: string; events: TrainEvent[] }
  | { type: 'end'; runId: string }
  | { type: 'failed'; runId: string; message: string };
