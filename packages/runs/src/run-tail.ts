/**
 * Following one run's log for `watchRuns`: what is new since the last read (complete lines only), and,
 * when the run's writer is gone before its end, the event that says it was interrupted.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrainEvent, type TaggedEvent, type TrainEvent } from '@gradstream/events';
import { readCompleteLines } from './complete-lines.js';
import { runFile } from './run-files.js';
import { liveWriter } from './writer-lock.js';

/** Where the reading of one log stands. */
export interface RunTail {
  ino: number;
  offset: number;
  /** The run's last event was done or error, or it was found interrupted: nothing more is read until its log is replaced. */
  ended: boolean;
  steps: number;
}

/**
 * The event that ends, for a reader, a run whose writer is gone before its end (the form of the error event
 * `gradstream train` records when it is interrupted). It is not written to the run's log: a resumed run
 * replaces its log, and a reader then reads the run again from its start.
 */
export function interrupted(steps: number): TrainEvent {
  return { type: 'error', message: `interrupted: the process writing this run stopped after ${steps} steps, before the run's end; the same sweep (or runJob) resumes it from its checkpoint`, globalStep: steps };
}

/**
 * Reads what is new in `dir/<runId>/events.ndjson` and emits it; a log replaced (a new file) or shorter than
 * what was read is read again from its start.
 */
export async function readTail(dir: string, runId: string, tails: Map<string, RunTail>, emit: (t: TaggedEvent) => void, closed: () => boolean): Promise<void> {
  const runDir = join(dir, runId);
  const path = runFile(runDir, 'events');
  // Checked before reading: a writer appends its last event before it lets go of the lock.
  const writerGone = liveWriter(runDir) === undefined;
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return;
  }
  let tail = tails.get(runId);
  if (!tail || tail.ino !== stat.ino || stat.size < tail.offset) tail = { ino: stat.ino, offset: 0, ended: false, steps: 0 };
  tails.set(runId, tail);
  if (tail.ended) return;
  const { lines, end } = await readCompleteLines(path, tail.offset);
  const from = tail.offset;
  tail.offset = end;
  const next = (event: TrainEvent) => {
    if (event.type === 'done' || event.type === 'error') tail.ended = true;
    if ('globalStep' in event && typeof event.globalStep === 'number') tail.steps = event.globalStep;
    emit({ runId, event });
  };
  for (const line of lines) {
    if (closed() || tail.ended) return;
    try {
      next(parseTrainEvent(line, `${path} (a line after byte ${from})`));
    } catch (err) {
      next({ type: 'error', message: `unreadable run log: ${(err as Error).message}` });
    }
  }
  if (!tail.ended && tail.offset > 0 && writerGone) next(interrupted(tail.steps));
}
