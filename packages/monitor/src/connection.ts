import type { WebSocket } from 'ws';
import { parseClientFrame } from './client-frame.js';
import { onClientFrames } from './client-frames.js';
import type { ControlChannel } from './control-channel.js';
import type { FanOut } from './fan-out.js';
import type { FirstViewer } from './first-viewer.js';
import type { Admission } from './gatekeeper.js';
import type { HelloFrame, ProtocolErrorFrame } from './protocol.js';
import { batchSteps } from './step-batch.js';
import { Subscriber } from './subscriber.js';

export interface ConnectionContext {
  fanOut: FanOut;
  channel: ControlChannel;
  firstViewer: FirstViewer;
  highWaterMark: number;
  maxBufferedBytes: number;
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
  const { since, canControl, runId, batch = false } = admission;
  const { state } = fanOut;
  // `since` counts in the client's run: with another run here (the server restarted with a new one), it starts afresh.
  const sameRun = runId === undefined || state.runId === null || runId === state.runId;
  const replay = since > 0 && sameRun ? state.after(since) : undefined;
  const resumed = replay !== undefined;
  // Events recorded but not yet broadcast are in the hello or the replay: the subscriber skips them later.
  const sub = new Subscriber(ws, {
    highWaterMark: context.highWaterMark,
    maxBufferedBytes: context.maxBufferedBytes,
    lastSeq: resumed ? since : state.seq,
    run: state.runIndex,
    ...(resumed && state.runId === null && runId !== undefined ? { resumeRunId: runId } : {}),
  });
  fanOut.add(sub, batch);
  ws.on('error', () => ws.terminate());
  ws.on('pong', () => (sub.alive = true));
  ws.on('close', () => fanOut.remove(sub));
  const reply = (message: string) => sub.sendControl(JSON.stringify({ type: 'error', message } satisfies ProtocolErrorFrame));
  onClientFrames(ws, context.rateLimit, parseClientFrame, reply, (frame) => {
    if (frame.type === 'ping') sub.sendControl('{"type":"pong"}');
    else if (frame.type === 'subscribe') fanOut.pace(sub, frame.maxHz);
    else {
      const refused = channel.handle(frame, canControl);
      if (refused !== null) reply(refused);
    }
  });
  const hello: HelloFrame = { ...state.hello(resumed ? since : undefined), control: channel.hello(canControl) };
  sub.sendControl(JSON.stringify(hello), () => context.firstViewer.arrived());
  if (replay !== undefined) sub.pushAll(batch ? batchSteps(replay) : replay);
  // A resume point beyond the server's seq (restarted server still replaying) is skipped as events arrive.
}
