import { toTrainEvent, type TrainEvent } from '@gradstream/events';
import type { StreamEntry } from './stream-follower.js';

/** The event a run stream's entry holds (its field `e`, JSON), checked against the schema. */
export function entryEvent(entry: StreamEntry): TrainEvent {
  const at = entry.fields.indexOf('e');
  const json = at >= 0 && at % 2 === 0 ? entry.fields[at + 1] : undefined;
  if (json === undefined) throw new TypeError(`invalid entry ${entry.id} in Redis stream ${entry.key}. It must have a field e holding an event as JSON.`);
  return toTrainEvent(JSON.parse(json), `Redis stream ${entry.key} entry ${entry.id}`);
}

/** Whether nothing follows this event in its run. */
export const endsRun = (event: TrainEvent): boolean => event.type === 'done' || event.type === 'error';
