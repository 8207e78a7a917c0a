/**
 * `MonitorServer.firstViewer()`: a promise that resolves when the first WebSocket client has been sent
 * its hello, or rejects if the server closes first. Made on demand, so a server nobody asks never holds
 * a rejected promise (Node would report it as unhandled).
 *
 * @example
 * import { FirstViewer } from './first-viewer.js';
 * const first = new FirstViewer();
 * const watched = first.wait().then(() => console.log('someone is watching'));
 * first.arrived(); // serveMonitor calls it once a hello has been written
 * await watched;
 */
export class FirstViewer {
  private outcome: 'waiting' | 'arrived' | 'closed' = 'waiting';
  private waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];

  wait(): Promise<void> {
    if (this.outcome === 'arrived') return Promise.resolve();
    if (this.outcome === 'closed') return Promise.reject(closedError());
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  arrived(): void {
    if (this.outcome !== 'waiting') return;
    this.outcome = 'arrived';
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  closed(): void {
    if (this.outcome !== 'waiting') return;
    this.outcome = 'closed';
    for (const w of this.waiters.splice(0)) w.reject(closedError());
  }
}

function closedError(): Error {
  return new Error('the monitor closed before any viewer connected');
}
