import { SCHEMA_VERSION, type TrainEvent, type TrainEventType } from './schema.js';

/** Fields each event type must carry, with the JSON type each must have. */
const REQUIRED: Record<TrainEventType, Record<string, 'number' | 'string' | 'object' | 'array'>> = {
  run: { v: 'number', config: 'object', startedAt: 'number' },
  step: { epoch: 'number', step: 'number', globalStep: 'number', size: 'number', loss: 'number', gradNorm: 'number' },
  explain: { epoch: 'number', step: 'number', globalStep: 'number', explain: 'object' },
  epoch: { epoch: 'number', loss: 'number', elapsedMs: 'number', globalStep: 'number' },
  done: { epochs: 'number', steps: 'number', elapsedMs: 'number' },
  error: { message: 'string' },
};

/** Events that carry parameters: linear regression's `w` and `b`, or any model's `params` or `norms` by name. */
const CARRIES_PARAMETERS = new Set(['run', 'step', 'epoch', 'done']);

/** Numbers that JSON writes as `null` when they are NaN or Infinity (a producer may still report such a step). */
const NULLABLE = new Set(['loss', 'gradNorm']);

/** The event types of schema v1, in the order a run emits them (`explain` follows the step it explains). Internal: the parse message lists them. */
export const EVENT_TYPES = Object.keys(REQUIRED) as TrainEventType[];

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/**
 * Checks that a parsed JSON value is a `TrainEvent` of schema v1 and returns it typed.
 * Throws a `TypeError` naming the place (`where`), the field, the rule and the value; a `run` event
 * (or any event carrying `v`) of another schema version is refused, as its fields may mean other things.
 *
 * `loss` and `gradNorm` may be `null` on the wire: JSON has no NaN, and a producer may still report such a step.
 *
 * @example
 * import { toTrainEvent } from '@gradstream/events';
 * const e = toTrainEvent({ type: 'error', message: 'loss is NaN' }, 'stdin line 3');
 */
export function toTrainEvent(value: unknown, where = 'event'): TrainEvent {
  if (jsonType(value) !== 'object') {
    throw new TypeError(`invalid event in ${where}. An event must be a JSON object. Value: \`${JSON.stringify(value)}\`.`);
  }
  const record = value as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== 'string' || !(type in REQUIRED)) {
    throw new TypeError(
      `invalid event in ${where}. type must be one of ${EVENT_TYPES.join(', ')}. Value: \`${JSON.stringify(type)}\`.`,
    );
  }
  // A `run` event carries the version; an event of any type that carries another one is of a schema this reader does not know.
  if ((type === 'run' || 'v' in record) && record.v !== SCHEMA_VERSION) {
    throw new TypeError(
      `invalid ${type} event in ${where}. v must be ${SCHEMA_VERSION} (the event schema version this reader knows). Value: \`${JSON.stringify(record.v)}\`.`,
    );
  }
  for (const [field, expected] of Object.entries(REQUIRED[type as TrainEventType])) {
    const actual = jsonType(record[field]);
    const nullAllowed = NULLABLE.has(field) && actual === 'null';
    if (actual !== expected && !nullAllowed) {
      throw new TypeError(
        `invalid ${type} event in ${where}. ${field} must be a JSON ${expected}. Value: \`${JSON.stringify(record[field])}\`.`,
      );
    }
  }
  if (CARRIES_PARAMETERS.has(type)) checkParameters(record, type, where);
  if (type === 'run' && record.runId !== undefined && (typeof record.runId !== 'string' || record.runId === '')) {
    throw new TypeError(`invalid run event in ${where}. runId must be a non-empty string when present. Value: \`${JSON.stringify(record.runId)}\`.`);
  }
  return record as unknown as TrainEvent;
}

/** `params` (values by name) or `norms`; without either, the lesson's `w` (array) and `b` (number), as v1 first had them. */
function checkParameters(record: Record<string, unknown>, type: string, where: string): void {
  for (const field of ['params', 'norms']) {
    if (record[field] !== undefined && jsonType(record[field]) !== 'object') {
      throw new TypeError(`invalid ${type} event in ${where}. ${field} must be a JSON object of parameters by name. Value: \`${JSON.stringify(record[field])}\`.`);
    }
  }
  if (record.params !== undefined || record.norms !== undefined) return;
  for (const [field, expected] of [['w', 'array'], ['b', 'number']] as const) {
    if (jsonType(record[field]) !== expected) {
      throw new TypeError(
        `invalid ${type} event in ${where}. ${field} must be a JSON ${expected} (or the event must carry params or norms). Value: \`${JSON.stringify(record[field])}\`.`,
      );
    }
  }
}

/**
 * Parses one NDJSON line into a `TrainEvent`, naming `where` (a file and line) on failure.
 *
 * @example
 * import { parseTrainEvent } from '@gradstream/events';
 * parseTrainEvent('{"type":"error","message":"stopped"}', 'run.ndjson:7');
 */
export function parseTrainEvent(line: string, where = 'event'): TrainEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new SyntaxError(`invalid event in ${where}. A line must be one JSON object. ${(err as Error).message}.`);
  }
  return toTrainEvent(value, where);
}

/**
 * One NDJSON line (with its trailing newline) for an event. Non-finite numbers become `null`,
 * as `JSON.stringify` does; a diverged loss therefore reads back as `null`.
 *
 * @example
 * import { toNdjsonLine } from '@gradstream/events';
 * process.stdout.write(toNdjsonLine({ type: 'error', message: 'stopped' }));
 */
export function toNdjsonLine(event: TrainEvent): string {
  return JSON.stringify(event) + '\n';
}
