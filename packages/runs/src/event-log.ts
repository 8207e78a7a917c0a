/**
 * A run's `events.ndjson`, written crash-safe: each event is one whole line handed to the kernel by one
 * synchronous write as it is emitted, so a process killed at any moment leaves complete lines and at
 * most one unterminated tail — which readers ignore (`readCompleteLines`) and which the next writer
 * cuts off before appending. Written synchronously, the file always holds every event up to the one
 * just emitted when the trainer writes its checkpoint after it; a resumed run relies on that.
 * (The lines reach the page cache, not the disk: a process crash loses nothing, a power cut may.)
 */
import { closeSync, fstatSync, ftruncateSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { toNdjsonLine, type TrainEvent } from '@gradstream/events';
import { completeLength } from './complete-lines.js';
import { readLogBytes } from './run-log.js';

export interface EventLog {
  append(event: TrainEvent): void;
  close(): void;
}

/**
 * Opens (or creates) an event log for appending; an unterminated last line left by a killed writer is cut off.
 *
 * @example
 * import { readFileSync } from 'node:fs';
 * import { openEventLog } from '@gradstream/runs';
 * const log = openEventLog(`/tmp/gradstream-log-${process.pid}.ndjson`);
 * log.append({ type: 'error', message: 'stopped' });
 * log.close();
 * console.log(readFileSync(`/tmp/gradstream-log-${process.pid}.ndjson`, 'utf8')); // {"type":"error","message":"stopped"}
 */
export function openEventLog(path: string): EventLog {
  const fd = openSync(path, 'a+');
  const size = fstatSync(fd).size;
  const complete = completeLength(fd, size);
  if (complete < size) ftruncateSync(fd, complete);
  return {
    append(event) {
      const bytes = Buffer.from(toNdjsonLine(event));
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    },
    close() {
      closeSync(fd);
    },
  };
}

/**
 * Cuts a log back to what a resumed run keeps: the longest prefix of complete lines whose events are at or
 * before `globalStep` and none a done or error (`globalStep` < 0: nothing). The kept log replaces the old
 * one by a rename, so it is a new file: a reader tailing the old one sees it change and reads it again.
 * Returns the events kept.
 */
export function cutLog(path: string, globalStep: number): TrainEvent[] {
  const buffer = readLogBytes(path);
  if (buffer.length === 0) return [];
  const kept: TrainEvent[] = [];
  let bytes = 0;
  for (let nl = buffer.indexOf(0x0a); globalStep >= 0 && nl !== -1; nl = buffer.indexOf(0x0a, bytes)) {
    const event = JSON.parse(buffer.toString('utf8', bytes, nl)) as TrainEvent;
    const step = 'globalStep' in event ? event.globalStep : undefined;
    if (event.type === 'done' || event.type === 'error' || (step !== undefined && step > globalStep)) break;
    kept.push(event);
    bytes = nl + 1;
  }
  // Replaced even when nothing is cut: a reader that found the run interrupted then reads it again from its start.
  writeFileSync(`${path}.${process.pid}.tmp`, buffer.subarray(0, bytes));
  renameSync(`${path}.${process.pid}.tmp`, path);
  return kept;
}
