import type { Subscriber } from './subscriber.js';

/**
 * Pings every connection each `intervalMs`; a peer that has not answered the previous ping (its pong
 * sets `alive`) is terminated, so a vanished client does not hold a socket and a queue forever.
 * Returns the function that stops it.
 *
 * @example
 * import { startHeartbeat } from './heartbeat.js';
 * const stop = startHeartbeat(new Set(), 5000); // serveMonitor passes the Subscriber of every connection
 * stop(); // on close
 */
export function startHeartbeat(subscribers: Iterable<Subscriber>, intervalMs: number): () => void {
  const timer = setInterval(() => {
    for (const sub of subscribers) {
      if (!sub.alive) {
        sub.ws.terminate();
        continue;
      }
      sub.alive = false;
      sub.ws.ping();
    }
  }, intervalMs);
  return () => clearInterval(timer);
}
