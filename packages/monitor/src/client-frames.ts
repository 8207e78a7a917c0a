import type { RawData, WebSocket } from 'ws';
import { closeClient } from './close-client.js';
import { RateLimit } from './rate-limit.js';

/**
 * Reads a connection's client frames, for either protocol: at most `rule.perSecond` a second in bursts
 * of `rule.burst` (a frame over it is refused with `reply`; a client that keeps flooding is closed with
 * 1008), text only, parsed by `parse`; a frame that cannot be accepted is answered with `reply`, the
 * others go to `handle`. A connection the server is closing is not read any more.
 *
 * @example
 * // not run: serveConnection and serveRunsConnection call it for each accepted socket
 * onClientFrames(ws, { perSecond: 20, burst: 40 }, parseClientFrame, reply, (frame) => console.log(frame.type));
 */
export function onClientFrames<F>(
  ws: WebSocket,
  rule: { perSecond: number; burst: number },
  parse: (text: string) => { frame: F } | { error: string },
  reply: (message: string) => void,
  handle: (frame: F) => void,
): void {
  const limit = new RateLimit(rule);
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (ws.readyState !== ws.OPEN) return; // closed for its backlog or its rate: nothing more is answered
    const verdict = limit.take(performance.now());
    if (verdict === 'close') return closeClient(ws, 1008, 'rate limit exceeded');
    if (verdict === 'drop') return reply(limit.message());
    const parsed = isBinary ? { error: 'invalid frame. Frames must be text (JSON), not binary.' } : parse(data.toString());
    if ('error' in parsed) return reply(parsed.error);
    handle(parsed.frame);
  });
}
