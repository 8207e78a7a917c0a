/**
 * The dashboard addresses of the monitors that serve the same runs (the `gradstream serve --redis` replicas, this
 * one included), as their latest list gave them: what the hello and the `replicas` frames tell a page (where to
 * go when its monitor dies), and the origins — and their host names — the gate lets in besides its own, so a page
 * served by one replica may open a socket to another. Only `http:` and `https:` addresses count; each is kept as
 * its origin and `/`. A replica listed on a loopback name (127.0.0.1, localhost, [::1]) stands for all three, as a
 * monitor's own page does: a page opened at `localhost:P` may fail over although its replica listed `127.0.0.1:P`.
 *
 * The gate keeps letting in a replica's origin `keptMs` after it was last listed (default 10 minutes; the set is
 * renewed when the list changes): a replica
 * busy catching up a large history may miss its heartbeats and drop out of the list for seconds while it still
 * serves pages, and those pages must still be let in here when it dies.
 *
 * @example
 * import { KnownReplicas } from './known-replicas.js';
 * const known = new KnownReplicas();
 * console.log(known.update(['http://10.0.0.7:8080/', 'javascript:alert(1)', 'http://10.0.0.6:8080/x']), known.urls); // true [ 'http://10.0.0.7:8080/', 'http://10.0.0.6:8080/' ]
 * console.log(known.origins.has('http://10.0.0.6:8080'), known.hosts.has('10.0.0.6'), known.update(['http://10.0.0.7:8080', 'http://10.0.0.6:8080'])); // true true false
 * known.update(['http://127.0.0.1:8080/']);
 * console.log(known.urls, known.origins.has('http://localhost:8080'), known.origins.has('http://10.0.0.6:8080')); // [ 'http://127.0.0.1:8080/' ] true true
 * const strict = new KnownReplicas(0);
 * strict.update(['http://10.0.0.6:8080/']);
 * strict.update(['http://10.0.0.7:8080/']);
 * console.log(strict.origins.has('http://10.0.0.6:8080')); // false
 */
export class KnownReplicas {
  urls: string[] = [];
  origins = new Set<string>();
  hosts = new Set<string>();
  /** Each replica (its origin and `/`) and when it was last listed. */
  private readonly lastListed = new Map<string, { url: URL; at: number }>();

  constructor(private readonly keptMs = 600_000) {}

  /** Takes the latest list; returns whether it differs from the previous one. */
  update(list: readonly string[], now = Date.now()): boolean {
    const parsed = list.map(parseHttp).filter((u): u is URL => u !== null);
    for (const url of parsed) this.lastListed.set(`${url.origin}/`, { url, at: now });
    for (const [key, { at }] of this.lastListed) if (now - at > this.keptMs) this.lastListed.delete(key);
    const admitted = [...this.lastListed.values()].flatMap(({ url }) => withLoopbackAliases(url));
    this.origins = new Set(admitted.map((u) => u.origin));
    this.hosts = new Set(admitted.map((u) => u.hostname));
    const urls = parsed.map((u) => `${u.origin}/`);
    if (urls.length === this.urls.length && urls.every((u, i) => u === this.urls[i])) return false;
    this.urls = urls;
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
