import type { RawData, WebSocket } from 'ws';
import { parseClientFrame } from './client-frame.js';
import type { ControlChannel } from './control-channel.js';
import type { FanOut } from './fan-out.js';
import type { FirstViewer } from './first-viewer.js';
import type { Admission } from './gatekeeper.js';
import type { HelloFrame, ProtocolErrorFrame } from './protocol.js';
import { RateLimit } from './rate-limit.js';
import { Subscriber } from './subscriber.js';

export interface ConnectionContext {
  fanOut: FanOut;
  channel: ControlChannel;
  firstViewer: FirstViewer;
  highWaterMark: number;
  rateLimit: { perSecond: number; burst: number };
}

/**
 * Serves one accepted WebSocket: its hello (or the replay after `since`), then the run's events through
 * a `Subscriber`; its frames are rate-limited, parsed, and answered (pong, maxHz, control commands).
 *
 * @example
 * import { Subject } from 'rxjs';
 * import WebSocket from 'ws';
 * import { serveMonitor } from './serve-monitor.js';
 * // serveMonitor hands every accepted upgrade to serveConnection: the hello comes first.
 * const server = await serveMonitor(new Subject());
 * const ws = new WebSocket(server.wsUrl);
 * const first = await new Promise<string>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)).type)));
 * console.log(first); // hello
 * ws.close();
 * await server.close();
 */
export function serveConnection(ws: WebSocket, admission: Admission, context: ConnectionContext): void {
  const { fanOut, channel } = context;
  const { since, canControl } = admission;
  const replay = since > 0 ? fanOut.state.after(since) : undefined;
  const resumed = replay !== undefined;
  // Events recorded but not yet broadcast are in the hello or the replay: the subscriber skips them later.
  const sub = new Subscriber(ws, { highWaterMark: context.highWaterMark, lastSeq: resumed ? since : fanOut.state.seq, run: fanOut.state.runIndex });
  fanOut.subscribers.add(sub);
  ws.on('error', () => ws.terminate());
  ws.on('pong', () => (sub.alive = true));
  ws.on('close', () => {
    fanOut.subscribers.delete(sub);
    sub.dispose();
  });
  const limit = new RateLimit(context.rateLimit);
  const reply = (message: string) => sub.sendControl(JSON.stringify({ type: 'error', message } satisfies ProtocolErrorFrame));
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const verdict = limit.take(performance.now());
    if (verdict === 'close') {
      ws.close(1008, 'rate limit exceeded');
      return;
    }
    if (verdict === 'drop') return reply(limit.message());
    const parsed = isBinary ? { error: 'invalid frame. Frames must be text (JSON), not binary.' } : parseClientFrame(data.toString());
    if ('error' in parsed) return reply(parsed.error);
    const frame = parsed.frame;
    if (frame.type === 'ping') sub.sendControl('{"type":"pong"}');
    else if (frame.type === 'subscribe') sub.setMaxHz(frame.maxHz);
    else {
      const refused = channel.handle(frame, canControl);
      if (refused !== null) reply(refused);
    }
  });
  const hello: HelloFrame = { ...fanOut.state.hello(resumed ? since : undefined), control: channel.hello(canControl) };
  sub.sendControl(JSON.stringify(hello), () => context.firstViewer.arrived());
  if (replay !== undefined) for (const item of replay) sub.push(item);
  // A resume point beyond the server's seq (restarted server still replaying) is skipped as events arrive.
}
