/**
 * Who may connect and who may control (the monitor's security model in one place):
 * - `Host` must name this machine's loopback (127.0.0.1, localhost, [::1]), the bound host, or a host of
 *   `allowedOrigins` — a page on another name that resolves here (DNS rebinding) gets 403;
 * - a browser's `Origin` must be the monitor's own page (`http://<allowed host>:<port>`) or one of
 *   `allowedOrigins` — a page elsewhere cannot open the socket (403); non-browsers send no `Origin`;
 * - with `replicas` (`serveRuns` behind `gradstream serve --redis`), the origins of the replicas serving the same
 *   runs, as they registered their dashboard addresses in Redis, pass too, and their host names in `Host`: a page
 *   served by one replica fails over to another. Only those: the list is what the replicas wrote, in a Redis that is
 *   trusted already (it decides what every dashboard shows), and any other origin still gets 403;
 * - with `token`, an upgrade without it gets 401 (`?token=` or `Authorization: Bearer`);
 * - with `controlToken`, only an upgrade with `?control=<key>` may control; the others are read-only.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import type { KnownReplicas } from './known-replicas.js';

export type Refusal = { status: 401 | 403 | 400; reason: string; message: string };
/**
 * What an upgrade may do: resume after `since` (of run `runId`, when the client named one) and control or
 * not; `batch` when it asked for its steps in `steps` frames (`?batch=1`).
 */
export type Admission = { since: number; runId?: string; canControl: boolean; batch?: true };

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD = ['0.0.0.0', '::', '[::]'];

/**
 * @example
 * import type { IncomingMessage } from 'node:http';
 * import { Gatekeeper } from './gatekeeper.js';
 * const gate = new Gatekeeper({ host: '127.0.0.1', allowedOrigins: [], token: 'tok', controlToken: 'key' });
 * gate.listening(8080);
 * const request = (url: string, headers: Record<string, string>) => ({ url, headers }) as IncomingMessage;
 * console.log(gate.admit(request('/?token=tok', { host: 'localhost:8080', origin: 'http://localhost:8080' }))); // { since: 0, canControl: false }
 * console.log(gate.admit(request('/?token=tok&control=key', { host: '127.0.0.1:8080' }))); // { since: 0, canControl: true }
 * console.log('status' in gate.admit(request('/?token=tok', { host: 'attacker.example:8080' }))); // true: 403
 */
export class Gatekeeper {
  private readonly hosts: Set<string>;
  private origins = new Set<string>();
  private readonly extraOrigins: string[];

  constructor(private readonly options: { host: string; allowedOrigins: readonly string[]; token?: string; controlToken?: string; replicas?: KnownReplicas }) {
    this.extraOrigins = options.allowedOrigins.map((o) => new URL(o).origin);
    const bound = bracket(options.host.toLowerCase());
    // Bound to every interface, the machine is reached by any of its addresses or its name.
    const names = WILDCARD.includes(bound) ? [...interfaceAddresses(), hostname().toLowerCase()] : [bound];
    this.hosts = new Set([...LOOPBACK, ...names, ...this.extraOrigins.map((o) => new URL(o).hostname)]);
  }

  /** The port is known once the server listens: the monitor's own page origins depend on it. */
  listening(port: number): void {
    this.origins = new Set([...[...this.hosts].map((h) => `http://${h}:${port}`), ...this.extraOrigins]);
  }

  /** The refusal for a plain HTTP request (the dashboard's files), or null when it may be served. */
  checkRequest(req: IncomingMessage): Refusal | null {
    const host = hostOf(req.headers.host);
    const replicas = this.options.replicas;
    if (host === null || !(this.hosts.has(host) || replicas?.hosts.has(host))) {
      const bound = WILDCARD.includes(bracket(this.options.host.toLowerCase())) ? `this machine's addresses and its name, ${hostname()} (it is bound to ${this.options.host})` : `the host it is bound to, ${bracket(this.options.host)}`;
      return { status: 403, reason: 'Forbidden', message: `host not allowed: ${req.headers.host ?? '(none)'}. The monitor answers to 127.0.0.1, localhost, [::1] and ${bound} (allowedOrigins adds more).\n` };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !(this.origins.has(origin.toLowerCase()) || replicas?.origins.has(origin.toLowerCase()))) {
      return { status: 403, reason: 'Forbidden', message: `origin not allowed: ${origin}. Pages of other origins need allowedOrigins.\n` };
    }
    return null;
  }

  /** What a WebSocket upgrade is allowed: the resume point and whether it may control, or why it is refused. */
  admit(req: IncomingMessage): Admission | Refusal {
    const refused = this.checkRequest(req);
    if (refused !== null) return refused;
    const url = new URL(req.url ?? '/', 'http://x');
    if (!this.tokenValid(url.searchParams.get('token') ?? bearer(req.headers.authorization))) {
      return { status: 401, reason: 'Unauthorized', message: 'a valid token is required (?token= or Authorization: Bearer)\n' };
    }
    const sinceText = url.searchParams.get('since');
    const since = sinceText === null ? 0 : Number(sinceText);
    if (!Number.isInteger(since) || since < 0) {
      return { status: 400, reason: 'Bad Request', message: `since must be a non-negative integer. Value: \`${sinceText}\`.\n` };
    }
    const batch = url.searchParams.get('batch');
    if (batch !== null && batch !== '0' && batch !== '1') {
      return { status: 400, reason: 'Bad Request', message: `batch must be 0 or 1. Value: \`${batch}\`.\n` };
    }
    const key = this.options.controlToken;
    const admission: Admission = { since, canControl: key === undefined || secretMatches(key, url.searchParams.get('control')) };
    const runId = url.searchParams.get('run');
    if (runId !== null && runId !== '') admission.runId = runId;
    if (batch === '1') admission.batch = true;
    return admission;
  }

  /** Whether `given` is the token (always true when there is none). */
  tokenValid(given: string | null): boolean {
    return this.options.token === undefined || secretMatches(this.options.token, given);
  }
}

/** `Authorization: Bearer <token>` → the token. */
export function bearer(header: string | undefined): string | null {
  const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header);
  return match === null ? null : match[1];
}

/** Constant-time comparison, so a secret cannot be guessed byte by byte from response times. */
function secretMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `Host: LocalHost:8080` → `localhost`, `[::1]:8080` → `[::1]`; null when unparsable. */
function hostOf(header: string | undefined): string | null {
  if (header === undefined || header.length === 0) return null;
  try {
    return new URL(`http://${header}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * The host a URL to a server bound to `host` should name: the machine's name when it is bound to every interface
 * (`0.0.0.0` or `::` are not addresses a browser can be sent to; the gatekeeper refuses them as a Host), else `host`.
 * Bracketed when it is an IPv6 address.
 *
 * @example
 * import { hostname } from 'node:os';
 * import { reachableHost } from '@gradstream/monitor';
 * console.log(reachableHost('127.0.0.1'), reachableHost('::1'), reachableHost('0.0.0.0') === hostname()); // 127.0.0.1 [::1] true
 */
export function reachableHost(host: string): string {
  return bracket(WILDCARD.includes(bracket(host.toLowerCase())) ? hostname() : host);
}

function bracket(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((i) => bracket(i.address.toLowerCase().split('%')[0]));
}
