import { frameObject, show } from './client-frame.js';
import { MAX_RUNS_PER_FRAME, type RunsClientFrame } from './runs-protocol.js';

const TYPES = ['watch', 'unwatch', 'ping'];
/** The one-run commands, which a many-runs monitor answers with a sentence instead of "unknown type". */
const ONE_RUN = ['subscribe', 'pause', 'resume', 'step', 'speed', 'seek', 'explain'];

type Parsed = { frame: RunsClientFrame } | { error: string };

/**
 * Reads one client text frame of protocol 2 (`watch`, `unwatch`, `ping`). Returns the frame, or the
 * sentence the server answers with in an `error` frame (the connection stays open).
 *
 * @example
 * import { parseRunsClientFrame } from './runs-client-frame.js';
 * console.log(parseRunsClientFrame('{"type":"watch","runs":["lr=0.03"]}')); // { frame: { type: 'watch', runs: [ 'lr=0.03' ] } }
 * console.log(parseRunsClientFrame('{"type":"watch","runs":"lr=0.03"}').error);
 * // invalid frame. runs must be an array of 1 to 64 run ids (strings). Value: `"lr=0.03"`.
 */
export function parseRunsClientFrame(text: string): Parsed {
  const object = frameObject(text);
  if ('error' in object) return object;
  const { type, runs } = object.record;
  if (type === 'ping') return { frame: { type: 'ping' } };
  if (type === 'watch' || type === 'unwatch') {
    const ok = Array.isArray(runs) && runs.length >= 1 && runs.length <= MAX_RUNS_PER_FRAME && runs.every((r) => typeof r === 'string');
    if (ok) return { frame: { type, runs: runs as string[] } };
    return { error: `invalid frame. runs must be an array of 1 to ${MAX_RUNS_PER_FRAME} run ids (strings). Value: \`${show(runs)}\`.` };
  }
  if (typeof type === 'string' && ONE_RUN.includes(type)) {
    return { error: `invalid frame. This monitor serves several runs (protocol 2): it takes ${TYPES.join(', ')}; ${type} is for a one-run monitor. Value: \`${show(type)}\`.` };
  }
  return { error: `invalid frame. type must be one of ${TYPES.join(', ')}. Value: \`${show(type)}\`.` };
}
