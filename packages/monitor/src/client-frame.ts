import type { ClientFrame } from './protocol.js';

const CLIENT_TYPES = ['subscribe', 'ping'];

/**
 * Reads one client text frame. Returns the frame, or the sentence the server answers with in an
 * `error` frame when the client sent something it cannot accept (the connection stays open).
 *
 * @example
 * import { parseClientFrame } from '@gradstream/monitor';
 * console.log(parseClientFrame('{"type":"subscribe","maxHz":0}'));
 * // { error: 'invalid frame. maxHz must be a positive number. Value: `0`.' }
 */
export function parseClientFrame(text: string): { frame: ClientFrame } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: `invalid frame. A frame must be one JSON object. ${(err as Error).message}.` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: `invalid frame. A frame must be one JSON object. Value: \`${truncate(JSON.stringify(value))}\`.` };
  }
  const record = value as Record<string, unknown>;
  switch (record.type) {
    case 'ping':
      return { frame: { type: 'ping' } };
    case 'subscribe': {
      const maxHz = record.maxHz;
      if (typeof maxHz !== 'number' || !(maxHz > 0)) {
        return { error: `invalid frame. maxHz must be a positive number. Value: \`${truncate(JSON.stringify(maxHz) ?? 'undefined')}\`.` };
      }
      return { frame: { type: 'subscribe', maxHz } };
    }
    default:
      return {
        error: `invalid frame. type must be one of ${CLIENT_TYPES.join(', ')}. Value: \`${truncate(JSON.stringify(record.type) ?? 'undefined')}\`.`,
      };
  }
}

/** Keeps an echoed value short: the client sent it, the server should not amplify it. */
function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
