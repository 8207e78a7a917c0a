/**
 * The `steps` frame: consecutive step events of one run in one frame, for clients that connect with
 * `?batch=1`. Browser-safe (the dashboard decodes with it too); the server side is `step-batch.ts`.
 *
 * A frame holds the steps as rows of values under one list of keys (the steps' own keys in their
 * order, `type` left out: every row is a `step`), and the seq of its first step; the n-th row has seq
 * `fromSeq + n`. Only steps with the same keys in the same order share a frame.
 */
import type { StepEvent } from '@gradstream/events';
import type { EventFrame, StepsFrame } from './protocol.js';
import { decodeStepsBinary } from './steps-binary.js';

/**
 * The keys of a step after `type`, in its order; steps with equal keys can share a frame.
 *
 * @example
 * import { stepKeys } from './steps-codec.js';
 * console.log(stepKeys({ type: 'step', epoch: 1, step: 2, globalStep: 2, size: 10, loss: 0.5, gradNorm: 1, accuracy: undefined })); // [ 'epoch', 'step', 'globalStep', 'size', 'loss', 'gradNorm' ]
 */
export function stepKeys(event: StepEvent): string[] {
  // A key whose value is undefined is not in the event's JSON either.
  const record = event as unknown as Record<string, unknown>;
  return Object.keys(event).filter((key) => key !== 'type' && record[key] !== undefined);
}

/**
 * The frame's JSON for steps that all have `keys` (see `stepKeys`); the first has seq `fromSeq`.
 *
 * @example
 * import { encodeSteps } from './steps-codec.js';
 * const steps = [1, 2].map((i) => ({ type: 'step', epoch: 1, step: i, globalStep: i, size: 10, loss: 1 / i, gradNorm: 0.5 }) as const);
 * console.log(encodeSteps(steps, ['epoch', 'step', 'globalStep', 'size', 'loss', 'gradNorm'], 7));
 * // {"type":"steps","fromSeq":7,"keys":["epoch","step","globalStep","size","loss","gradNorm"],"rows":[[1,1,1,10,1,0.5],[1,2,2,10,0.5,0.5]]}
 */
export function encodeSteps(events: readonly StepEvent[], keys: readonly string[], fromSeq: number): string {
  const rows = new Array<unknown[]>(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as unknown as Record<string, unknown>;
    const row = new Array<unknown>(keys.length);
    for (let k = 0; k < keys.length; k++) row[k] = event[keys[k]];
    rows[i] = row;
  }
  return JSON.stringify({ type: 'steps', fromSeq, keys, rows } satisfies StepsFrame);
}

/**
 * The step events of a `steps` frame — the parsed JSON one, or the bytes of a binary one — each with its
 * `seq`: the same objects a client without `?batch=1` gets one frame each. A binary frame may instead
 * hold one event that is not a step (`event-binary.ts`): then that event is the one in the list. Throws a
 * `TypeError` naming what is wrong when the frame is malformed.
 *
 * @example
 * import { decodeSteps } from '@gradstream/monitor';
 * const frame = { type: 'steps', fromSeq: 7, keys: ['epoch', 'step', 'loss'], rows: [[1, 1, 0.5], [1, 2, 0.25]] } as const;
 * console.log(decodeSteps(frame).map((step) => [step.seq, step.type, step.loss])); // [ [ 7, 'step', 0.5 ], [ 8, 'step', 0.25 ] ]
 */
export function decodeSteps(frame: StepsFrame | ArrayBuffer | ArrayBufferView): EventFrame[] {
  if (frame instanceof ArrayBuffer || ArrayBuffer.isView(frame)) return decodeStepsBinary(frame);
  const { fromSeq, keys, rows } = frame;
  if (!Number.isInteger(fromSeq) || fromSeq < 1) throw new TypeError(`invalid steps frame. fromSeq must be a positive integer. Value: \`${String(fromSeq)}\`.`);
  if (!Array.isArray(keys) || !Array.isArray(rows)) throw new TypeError('invalid steps frame. keys and rows must be arrays.');
  const out = new Array<EventFrame>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== keys.length) {
      throw new TypeError(`invalid steps frame. Every row must have one value per key (${keys.length}). Row ${i} has \`${Array.isArray(row) ? row.length : typeof row}\`.`);
    }
    const event: Record<string, unknown> = { type: 'step' };
    for (let k = 0; k < keys.length; k++) event[keys[k]] = row[k];
    event.seq = fromSeq + i;
    out[i] = event as unknown as EventFrame;
  }
  return out;
}
