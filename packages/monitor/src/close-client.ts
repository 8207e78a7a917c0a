import type { WebSocket } from 'ws';

/** How long a closed client has to read what was sent and answer the close frame before its socket is cut. */
const CLOSE_GRACE_MS = 2000;

/**
 * Closes a client the server gives up on (over its outgoing bound: 1013; flooding: 1008) with a reason it
 * can read, and cuts the socket after `CLOSE_GRACE_MS` if the client does not answer — a client that does
 * not read never will, and its socket would otherwise hold its buffers for ws's 30 s close timeout. The
 * server stops reading from it at once: a flooding client's frames are not even parsed any more.
 *
 * @example
 * import { WebSocketServer } from 'ws';
 * import WebSocket from 'ws';
 * import { closeClient } from './close-client.js';
 * const wss = new WebSocketServer({ port: 0 });
 * wss.on('connection', (ws) => closeClient(ws, 1013, 'client not reading'));
 * const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as { port: number }).port}/`);
 * client.on('close', (code, reason) => {
 *   console.log(code, String(reason)); // 1013 client not reading
 *   wss.close();
 * });
 */
export function closeClient(ws: WebSocket, code: 1008 | 1013, reason: string): void {
  const cut = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
  cut.unref();
  ws.once('close', () => clearTimeout(cut));
  ws.close(code, reason);
  // Nothing it sends matters any more: stop reading, so a flood costs no parsing during the grace.
  ws.pause();
}
