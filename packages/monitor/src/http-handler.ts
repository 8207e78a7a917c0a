import type { IncomingMessage, ServerResponse } from 'node:http';
import { dashboardAssets, type Asset } from './dashboard-assets.js';
import { bearer, type Gatekeeper } from './gatekeeper.js';

const TEXT = 'text/plain; charset=utf-8';

/**
 * Headers on every HTTP answer. `no-referrer`: the page's URL may carry `?token=` and `?control=`
 * before the page hides them, and no request the page makes may send them on. No framing: another
 * site must not overlay the control buttons (clickjacking).
 */
const SECURITY_HEADERS = {
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
};

/**
 * The monitor's HTTP side: the dashboard's files for `GET`/`HEAD` from an allowed host and origin
 * (403 otherwise, so a DNS-rebound or foreign page reads nothing), and `/token-check`, which the page
 * asks after its WebSocket closed before opening: 204 when the token in `Authorization: Bearer` is
 * right (the server was only unreachable: keep retrying), 401 when it is not (say so, stop retrying).
 *
 * @example
 * import { createServer } from 'node:http';
 * import { Gatekeeper } from './gatekeeper.js';
 * import { createRequestHandler } from './http-handler.js';
 * const gate = new Gatekeeper({ host: '127.0.0.1', allowedOrigins: [], token: 'tok' });
 * const http = createServer(createRequestHandler(gate)).listen(0, '127.0.0.1');
 * await new Promise((resolve) => http.once('listening', resolve));
 * const { port } = http.address() as { port: number };
 * gate.listening(port);
 * const check = (token: string) => fetch(`http://127.0.0.1:${port}/token-check`, { headers: { authorization: `Bearer ${token}` } });
 * console.log((await check('tok')).status, (await check('nope')).status); // 204 401
 * http.closeAllConnections();
 * http.close();
 */
export function createRequestHandler(gate: Gatekeeper): (req: IncomingMessage, res: ServerResponse) => void {
  let assets: Promise<Map<string, Asset>> | undefined;
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const refused = gate.checkRequest(req);
    if (refused !== null) return void res.writeHead(refused.status, { ...SECURITY_HEADERS, 'content-type': TEXT }).end(refused.message);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return void res.writeHead(405, { ...SECURITY_HEADERS, allow: 'GET, HEAD', 'content-type': TEXT }).end('method not allowed\n');
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/token-check') {
      const ok = gate.tokenValid(bearer(req.headers.authorization));
      return void res.writeHead(ok ? 204 : 401, { ...SECURITY_HEADERS, 'cache-control': 'no-store' }).end();
    }
    assets ??= dashboardAssets().catch((err: unknown) => {
      assets = undefined; // try again on the next request rather than serve the failure forever
      throw err;
    });
    const asset = (await assets).get(path);
    if (asset === undefined) return void res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': TEXT }).end(`not found: ${path}\n`);
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.contentType, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
  };
  return (req, res) => {
    serve(req, res).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500, { ...SECURITY_HEADERS, 'content-type': TEXT });
      res.end(`dashboard unavailable: ${err.message}\n`);
    });
  };
}
