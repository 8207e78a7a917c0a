import { SCHEMA_VERSION } from '@gradstream/events';
import type { WebSocket } from 'ws';
import { onClientFrames } from './client-frames.js';
import type { FirstViewer } from './first-viewer.js';
import type { KnownReplicas } from './known-replicas.js';
import type { ProtocolErrorFrame } from './protocol.js';
import type { RunChannel } from './run-channel.js';
import type { RunRegistry } from './run-registry.js';
import { parseRunsClientFrame } from './runs-client-frame.js';
import { RUNS_PROTOCOL_VERSION, type RunsHelloFrame } from './runs-protocol.js';
import { Subscriber } from './subscriber.js';

export interface RunsConnectionContext {
  registry: RunRegistry;
  /** One Subscriber per connection: the heartbeat's, and the one `runs` announcements go through. */
  connections: Set<Subscriber>;
  firstViewer: FirstViewer;
  /** The replicas serving the same runs, when there are (their addresses go in the hello). */
  replicas?: KnownReplicas;
  highWaterMark: number;
  maxBufferedBytes: number;
  rateLimit: { perSecond: number; burst: number };
}

/**
 * Serves one connection of a many-runs monitor (protocol 2): the hello with every run's summary, then
 * `watch`/`unwatch`. Each watched run gets its own `Subscriber` on this socket (its `history` first, then
 * its events after it), so one run's backlog conflates its own steps and never reorders another run's.
 *
 * @example
 * // not run: serveRuns hands every accepted upgrade to it
 * serveRunsConnection(ws, context);
 */
export function serveRunsConnection(ws: WebSocket, context: RunsConnectionContext): void {
  const { registry, connections } = context;
  const bounds = { highWaterMark: context.highWaterMark, maxBufferedBytes: context.maxBufferedBytes };
  const main = new Subscriber(ws, { ...bounds, lastSeq: 0, run: 0 });
  const watched = new Map<RunChannel, Subscriber>();
  connections.add(main);
  const unwatchAll = () => {
    for (const [channel, sub] of watched) channel.unwatch(sub);
    watched.clear();
  };
  ws.on('error', () => ws.terminate());
  ws.on('pong', () => (main.alive = true));
  ws.on('close', () => {
    connections.delete(main);
    main.dispose();
    unwatchAll();
  });
  const reply = (message: string) => main.sendControl(JSON.stringify({ type: 'error', message } satisfies ProtocolErrorFrame));

  const watch = (ids: string[]) => {
    const unknown = ids.filter((id) => registry.get(id) === undefined);
    if (unknown.length > 0) reply(`invalid frame. runs must name runs this monitor serves. Value: \`${JSON.stringify(unknown).slice(0, 80)}\`.`);
    for (const id of ids) {
      const channel = registry.get(id);
      if (channel === undefined || watched.has(channel)) continue;
      // Events recorded but not yet broadcast are in the history: the subscriber skips them later.
      const sub = new Subscriber(ws, { ...bounds, lastSeq: channel.state.seq, run: channel.state.runIndex });
      watched.set(channel, sub);
      channel.watch(sub);
      sub.sendControl(JSON.stringify(channel.history()));
    }
  };
  const unwatch = (ids: string[]) => {
    for (const id of ids) {
      const channel = registry.get(id);
      const sub = channel && watched.get(channel);
      if (channel === undefined || sub === undefined) continue;
      watched.delete(channel);
      channel.unwatch(sub);
    }
  };

  onClientFrames(ws, context.rateLimit, parseRunsClientFrame, reply, (frame) => {
    if (frame.type === 'ping') main.sendControl('{"type":"pong"}');
    else if (frame.type === 'watch') watch(frame.runs);
    else unwatch(frame.runs);
  });
  const hello: RunsHelloFrame = { type: 'hello', protocol: RUNS_PROTOCOL_VERSION, schema: SCHEMA_VERSION, runs: registry.summaries() };
  if (context.replicas !== undefined) hello.replicas = context.replicas.urls;
  main.sendControl(JSON.stringify(hello), () => context.firstViewer.arrived());
}
