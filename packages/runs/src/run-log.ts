/**
 * Reading a run's recorded events synchronously (complete lines only: an unterminated tail is a write
 * under way or cut short, never an event).
 */
import { readFileSync } from 'node:fs';
import { parseTrainEvent, type TrainEvent } from '@gradstream/events';
import { runFile } from './run-files.js';

/** A log's bytes; none when it does not exist (a run not started). */
export function readLogBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw err;
  }
}

/** The events in `runDir/events.ndjson` (none when it does not exist); a malformed line throws naming the file and line. */
export function readRunLog(runDir: string): TrainEvent[] {
  const path = runFile(runDir, 'events');
  const buffer = readLogBytes(path);
  const end = buffer.lastIndexOf(0x0a);
  if (end === -1) return [];
  return buffer
    .toString('utf8', 0, end)
    .split('\n')
    .map((line, i) => (line.trim() === '' ? undefined : parseTrainEvent(line, `${path}:${i + 1}`)))
    .filter((e): e is TrainEvent => e !== undefined);
}

/** Whether a run's events end it: its last event is `done` or `error`. */
export function isFinished(events: readonly TrainEvent[]): boolean {
  const last = events[events.length - 1];
  return last?.type === 'done' || last?.type === 'error';
}
