/**
 * The messages between a sweep and its worker processes (JSON over the IPC channel): a job goes out, its
 * events come back tagged with the run id, then its end — or the reason it could not run.
 */
import type { TrainEvent } from '@gradstream/events';
import type { RunJob } from './job.js';
import type { RunJobOptions } from './run-job.js';

export type ToWorker = { type: 'job'; dir: string; job: RunJob; options: RunJobOptions };

export type FromWorker =
  | { type: 'event'; runId: string; event: TrainEvent }
  | { type: 'end'; runId: string }
  | { type: 'failed'; runId: string; message: string };
