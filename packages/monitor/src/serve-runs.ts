import type { TaggedEvent } from '@gradstream/events';
import { isObservable, type Observable } from 'rxjs';
import { FirstViewer } from './first-viewer.js';
import { KnownReplicas } from './known-replicas.js';
import { startMonitorServer, type MonitorHub, type MonitorServer } from './monitor-server.js';
import { RunRegistry } from './run-registry.js';
import { serveRunsConnection } from './runs-connection.js';
import type { RunsFrame, RunsReplicasFrame } from './runs-protocol.js';
import { resolveOptions, type ServeMonitorOptions } from './serve-options.js';
import type { Subscriber } from './subscriber.js';

/**
 * `serveMonitor`'s options, less `control` (a run among many is watched, not steered) and `logSize` (no resume
 * log: a client that reconnects watches its runs again and gets their histories).
 */
export type ServeRunsOptions = Omit<ServeMonitorOptions, 'control' | 'controlToken' | 'logSize'> & {
  /** Most often the summaries of changed runs (status, loss, steps) are sent, in ms. Default 250. */
  announceMs?: number;
  /**
   * The dashboard addresses (`http://host:port/`) of every monitor serving the same runs, this one included, each
   * time the list changes (`gradstream serve --redis` passes its replicas' registry). Pages hear of them in the hello
   * and in `replicas` frames and fail over to another when this one dies; their origins may open sockets here.
   * Subscribed once the port is bound; an error keeps the last list.
   */
  replicas?: Observable<readonly string[]>;
  /**
   * How long a replica's origin still passes the gate after it was last listed, in ms (default 600,000): a replica
   * that misses its heartbeats while busy drops out of the list, but its pages must still fail over here.
   */
  replicasKeptMs?: number;
};

/**
 * Serves many runs — a sweep, a directory of runs — to the dashboard and WebSocket clients, speaking
 * protocol 2 (`runs-protocol.ts`): the hello lists the runs, new runs are announced live, and each client
 * watches the runs it shows. `runs$` is one Observable of events tagged with their run's id (a new id is
 * a new run); it is subscribed once, after the port is bound. When it completes, runs that had neither
 * `done` nor `error` are marked `interrupted`; the server stays up until `close()`.
 *
 * Same server as `serveMonitor` (the gate, tokens, origins, bounds, heartbeat); the monitor knows only
 * events, not where they come from.
 *
 * @example
 * import { of } from 'rxjs';
 * import { serveRuns } from '@gradstream/monitor';
 * const server = await serveRuns(of({ runId: 'lr=0.03', event: { type: 'error', message: 'no data' } } as const));
 * console.log(server.url); // http://127.0.0.1:<port>/
 * await server.close();
 */
export async function serveRuns(runs$: Observable<TaggedEvent>, options: ServeRunsOptions = {}): Promise<MonitorServer> {
  if (!isObservable(runs$)) {
    throw new TypeError(`invalid argument. runs$ must be an Observable of TaggedEvents ({ runId, event }). Value: \`${String(runs$)}\`.`);
  }
  for (const key of ['control', 'controlToken'] as const) {
    if (key in options) {
      throw new TypeError(`invalid argument. ${key} is for one run (serveMonitor); serveRuns serves runs to watch, not to steer. Value: \`${typeof (options as Record<string, unknown>)[key]}\`.`);
    }
  }
  const { announceMs = 250, replicas: replicas$, replicasKeptMs = 600_000, ...rest } = options;
  if (!Number.isInteger(replicasKeptMs) || replicasKeptMs < 0) {
    throw new RangeError(`invalid argument. replicasKeptMs must be a non-negative integer. Value: \`${replicasKeptMs}\`.`);
  }
  if (!Number.isInteger(announceMs) || announceMs < 1) {
    throw new RangeError(`invalid argument. announceMs must be a positive integer. Value: \`${announceMs}\`.`);
  }
  if (replicas$ !== undefined && !isObservable(replicas$)) {
    throw new TypeError(`invalid argument. replicas must be an Observable of dashboard addresses. Value: \`${String(replicas$)}\`.`);
  }
  const replicas = replicas$ === undefined ? undefined : new KnownReplicas(replicasKeptMs);
  const o = { ...resolveOptions(runs$ as Observable<never>, rest), replicas };
  const connections = new Set<Subscriber>();
  const send = (frame: RunsFrame | RunsReplicasFrame) => {
    const json = JSON.stringify(frame);
    for (const sub of connections) sub.sendControl(json);
  };
  const announce = (runs: RunsFrame['runs']) => send({ type: 'runs', runs });
  const registry = new RunRegistry({ historySize: o.historySize, announceMs, announce });
  const firstViewer = new FirstViewer();
  const context = { registry, connections, firstViewer, replicas, highWaterMark: o.highWaterMark, maxBufferedBytes: o.maxBufferedBytes, rateLimit: o.rateLimit };
  const followReplicas = (list: readonly string[]) => {
    if (replicas!.update(list)) send({ type: 'replicas', replicas: replicas!.urls });
  };
  const hub: MonitorHub = {
    subscribers: connections,
    connect: (ws) => serveRunsConnection(ws, context),
    start: () => {
      const subscription = runs$.subscribe({
        next: registry.record,
        complete: registry.complete,
        // A failing source is not any one run's failure: the runs still live were cut off.
        error: registry.complete,
      });
      if (replicas$ !== undefined) subscription.add(replicas$.subscribe({ next: followReplicas, error: () => {} }));
      return subscription;
    },
    seq: () => registry.events,
    stop: () => registry.dispose(),
  };
  return startMonitorServer(o, hub, firstViewer);
}
