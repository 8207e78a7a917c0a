export { serveMonitor } from './serve-monitor.js';
export { reachableHost } from './gatekeeper.js';
export type { ServeMonitorOptions } from './serve-monitor.js';
export type { MonitorServer, MonitorStats } from './monitor-server.js';
export type { RunControl } from './run-control.js';
export { replayControl, recordedStepsPerSecond } from './replay-control.js';
export type { ReplayControl, ReplayControlOptions } from './replay-control.js';
export type { SubscriberStats } from './subscriber.js';
export { fromMonitor } from './from-monitor.js';
export type { FromMonitorOptions, ReconnectOptions } from './from-monitor.js';
export { toNdjson } from './to-ndjson.js';
export { fromNdjson } from './from-ndjson.js';
export type { FromNdjsonOptions } from './from-ndjson.js';
export { LossHistory } from './loss-history.js';
export { BucketHistory } from './bucket-history.js';
export type { LoadedBucket } from './bucket-history.js';
export { EvenSample } from './even-sample.js';
export { RunState } from './run-state.js';
export { parseClientFrame } from './client-frame.js';
export { dashboardAssets, bundleDashboard } from './dashboard-assets.js';
export type { Asset } from './dashboard-assets.js';
export { PROTOCOL_VERSION } from './protocol.js';
export { decodeSteps } from './steps-codec.js';
export type {
  ClientFrame,
  ControlCommand,
  ControlFrame,
  ControlState,
  EventFrame,
  HelloControl,
  HelloFrame,
  LatestState,
  LossBucket,
  ParamBucket,
  ParamHistory,
  PingFrame,
  PongFrame,
  ProtocolErrorFrame,
  ServerFrame,
  StepsFrame,
  BatchServerFrame,
  SubscribeFrame,
} from './protocol.js';
export { serveRuns } from './serve-runs.js';
export type { ServeRunsOptions } from './serve-runs.js';
export { RUNS_PROTOCOL_VERSION, MAX_RUNS_PER_FRAME } from './runs-protocol.js';
export type { RunHistoryFrame, RunStatus, RunSummary, RunsClientFrame, RunsFrame, RunsHelloFrame, RunsReplicasFrame, RunsServerFrame, TaggedEventFrame, UnwatchFrame, WatchFrame } from './runs-protocol.js';
