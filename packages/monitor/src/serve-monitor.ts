import type { TrainEvent } from '@gradstream/events';
import type { Observable } from 'rxjs';
import { serveConnection, type ConnectionContext } from './connection.js';
import { ControlChannel } from './control-channel.js';
import { FanOut } from './fan-out.js';
import { FirstViewer } from './first-viewer.js';
import { startMonitorServer, type MonitorHub, type MonitorServer, type MonitorStats } from './monitor-server.js';
import { resolveOptions, type ServeMonitorOptions } from './serve-options.js';

export type { MonitorServer, MonitorStats, ServeMonitorOptions };

/**
 * Serves a training run to live subscribers: one `ws` WebSocketServer on a Node HTTP server that
 * also serves the dashboard page. Subscribes to `events$` once, after the port is bound (so a
 * synchronous run cannot be over, or a port conflict cost the run, before anyone can watch). Every
 * connection first gets a `hello` (the run so far, loss history downsampled to `historySize`
 * min/max/last buckets, the control state), then each event with its `seq`. See `protocol.ts`.
 *
 * Who may connect and control: see `gatekeeper.ts` (same-origin pages and non-browsers, `token`,
 * `controlToken`, `allowedOrigins`). Sending never slows the producer (see `FanOut`, `Subscriber`).
 * Many runs at once (protocol v2): `serveRuns`.
 *
 * @example
 * import { serveMonitor } from '@gradstream/monitor';
 * import { of } from 'rxjs';
 * const server = await serveMonitor(of({ type: 'error', message: 'nothing to train' } as const), { port: 0 });
 * console.log(server.url); // http://127.0.0.1:<port>/
 * await server.close();
 */
export async function serveMonitor(events$: Observable<TrainEvent>, options: ServeMonitorOptions = {}): Promise<MonitorServer> {
  const o = resolveOptions(events$, options);
  const fanOut = new FanOut({ historySize: o.historySize, logSize: o.logSize });
  const channel = new ControlChannel(o.control, fanOut);
  channel.start();
  const firstViewer = new FirstViewer();
  const context: ConnectionContext = { fanOut, channel, firstViewer, highWaterMark: o.highWaterMark, maxBufferedBytes: o.maxBufferedBytes, rateLimit: o.rateLimit };
  const hub: MonitorHub = {
    subscribers: fanOut.subscribers,
    connect: (ws, admission) => serveConnection(ws, admission, context),
    start: () => events$.subscribe({ next: fanOut.record, error: fanOut.fail }),
    seq: () => fanOut.state.seq,
    stop: () => {
      channel.stop();
      fanOut.dispose();
    },
  };
  return startMonitorServer(o, hub, firstViewer);
}
