export { serveMonitor } from './serve-monitor.js';
export type { MonitorServer, MonitorStats, ServeMonitorOptions } from './serve-monitor.js';
export type { SubscriberStats } from './subscriber.js';
export { fromMonitor } from './from-monitor.js';
export type { FromMonitorOptions, ReconnectOptions } from './from-monitor.js';
export { toNdjson } from './to-ndjson.js';
export { fromNdjson } from './from-ndjson.js';
export type { FromNdjsonOptions } from './from-ndjson.js';
export { LossHistory } from './loss-history.js';
export { RunState, Sequenced } from './run-state.js';
export { parseClientFrame } from './client-frame.js';
export { PROTOCOL_VERSION } from './protocol.js';
export type {
  ClientFrame,
  EventFrame,
  HelloFrame,
  LatestState,
  LossBucket,
  PingFrame,
  PongFrame,
  ProtocolErrorFrame,
  ServerFrame,
  SubscribeFrame,
} from './protocol.js';
