import type { ClientFrame } from './protocol.js';

const CLIENT_TYPES = ['subscribe', 'ping', 'pause', 'resume', 'step', 'speed', 'seek', 'explain'];

/**
 * The range of `subscribe.maxHz`. Below 0.1 a step would wait minutes and the timer delay would grow
 * past what `setTimeout` holds (`1e-300` overflowed it); above 1000 the cap means nothing, as the
 * server's timers cannot space frames closer than a millisecond.
 */
export const MAX_HZ_RANGE = { min: 0.1, max: 1000 } as const;

/** The range of `speed.stepsPerSecond` (`null`, "as fast as it goes", is the way to ask for more). */
export const STEPS_PER_SECOND_RANGE = { min: 0.1, max: 100_000 } as const;

type Parsed = { frame: ClientFrame } | { error: string };

/**
 * Reads one client text frame. Returns the frame, or the sentence the server answers with in an
 * `error` frame when the client sent something it cannot accept (the connection stays open).
 * Whether the connection may send a control command is the server's question, not this one's.
 *
 * @example
 * import { parseClientFrame } from '@gradstream/monitor';
 * console.log(parseClientFrame('{"type":"subscribe","maxHz":0}'));
 * // { error: 'invalid frame. maxHz must be a number from 0.1 to 1000. Value: `0`.' }
 */
export function parseClientFrame(text: string): Parsed {
  const object = frameObject(text);
  if ('error' in object) return object;
  const record = object.record;
  switch (record.type) {
    case 'ping':
    case 'pause':
    case 'resume':
    case 'step':
      return { frame: { type: record.type } };
    case 'subscribe':
      return inRange(record.maxHz, MAX_HZ_RANGE) ? { frame: { type: 'subscribe', maxHz: record.maxHz } } : rangeError('maxHz', MAX_HZ_RANGE, record.maxHz);
    case 'speed': {
      const sps = record.stepsPerSecond;
      if (sps === null || inRange(sps, STEPS_PER_SECOND_RANGE)) return { frame: { type: 'speed', stepsPerSecond: sps } };
      const { min, max } = STEPS_PER_SECOND_RANGE;
      return { error: `invalid frame. stepsPerSecond must be a number from ${min} to ${max}, or null for as fast as it goes. Value: \`${show(sps)}\`.` };
    }
    case 'seek':
      if (Number.isInteger(record.step) && (record.step as number) >= 1) return { frame: { type: 'seek', step: record.step as number } };
      return { error: `invalid frame. step must be a positive integer (a global step number). Value: \`${show(record.step)}\`.` };
    case 'explain':
      if (record.step === 'current') return { frame: { type: 'explain', step: 'current' } };
      return { error: `invalid frame. step must be "current" (only the current step can be explained). Value: \`${show(record.step)}\`.` };
    default:
      return { error: `invalid frame. type must be one of ${CLIENT_TYPES.join(', ')}. Value: \`${show(record.type)}\`.` };
  }
}

function inRange(x: unknown, range: { min: number; max: number }): x is number {
  return typeof x === 'number' && x >= range.min && x <= range.max;
}

function rangeError(name: string, { min, max }: { min: number; max: number }, value: unknown): Parsed {
  return { error: `invalid frame. ${name} must be a number from ${min} to ${max}. Value: \`${show(value)}\`.` };
}

/**
 * A client text frame as a JSON object, or the sentence refusing it: what both protocols check first.
 *
 * @example
 * import { frameObject } from './client-frame.js';
 * console.log(frameObject('[1]')); // { error: 'invalid frame. A frame must be one JSON object. Value: `[1]`.' }
 */
export function frameObject(text: string): { record: Record<string, unknown> } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: `invalid frame. A frame must be one JSON object. ${(err as Error).message}.` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: `invalid frame. A frame must be one JSON object. Value: \`${show(value)}\`.` };
  }
  return { record: value as Record<string, unknown> };
}

/**
 * The value as JSON, kept short: the client sent it, the server should not amplify it.
 *
 * @example
 * import { show } from './client-frame.js';
 * console.log(show('x'.repeat(100)).length); // 80
 */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
