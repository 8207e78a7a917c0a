/**
 * The dashboard addresses of the monitors that serve the same runs (the `gradstream serve --redis` replicas, this
 * one included), as their latest list gave them: what the hello and the `replicas` frames tell a page (where to
 * go when its monitor dies), and the origins — and their host names — the gate lets in besides its own, so a page
 * served by one replica may open a socket to another. Only `http:` and `https:` addresses count; each is kept as
 * its origin and `/`. A replica listed on a loopback name (127.0.0.1, localhost, [::1]) stands for all three, as a
 * monitor's own page does: a page opened at `localhost:P` may fail over although its replica listed `127.0.0.1:P`.
 *
 * @example
 * import { KnownReplicas } from './known-replicas.js';
 * const known = new KnownReplicas();
 * console.log(known.update(['http://10.0.0.7:8080/', 'javascript:alert(1)', 'http://10.0.0.6:8080/x']), known.urls); // true [ 'http://10.0.0.7:8080/', 'http://10.0.0.6:8080/' ]
 * console.log(known.origins.has('http://10.0.0.6:8080'), known.hosts.has('10.0.0.6'), known.update(['http://10.0.0.7:8080', 'http://10.0.0.6:8080'])); // true true false
 * known.update(['http://127.0.0.1:8080/']);
 * console.log(known.urls, known.origins.has('http://localhost:8080'), known.origins.has('http://localhost:8081')); // [ 'http://127.0.0.1:8080/' ] true false
 */
export class KnownReplicas {
  urls: string[] = [];
  origins = new Set<string>();
  hosts = new Set<string>();

  /** Takes the latest list; returns whether it differs from the previous one. */
  update(list: readonly string[]): boolean {
    const parsed = list.map(parseHttp).filter((u): u is URL => u !== null);
    const urls = parsed.map((u) => `${u.origin}/`);
    if (urls.length === this.urls.length && urls.every((u, i) => u === this.urls[i])) return false;
    this.urls = urls;
    const all = parsed.flatMap(withLoopbackAliases);
    this.origins = new Set(all.map((u) => u.origin));
    this.hosts = new Set(all.map((u) => u.hostname));
    return true;
  }
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

function withLoopbackAliases(url: URL): URL[] {
  if (!LOOPBACK.includes(url.hostname)) return [url];
  return LOOPBACK.map((name) => new URL(`${url.protocol}//${name}${url.port === '' ? '' : `:${url.port}`}/`));
}

function parseHttp(text: unknown): URL | null {
  try {
    const url = new URL(String(text));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
