/**
 * Which monitor the page connects to next (DOM-free). A monitor with replicas (`gradstream serve --redis`) names
 * them all, itself included (`replicas` in its hello and in `replicas` frames). When the page loses its socket it
 * retries the monitor it was on, then each other known replica in turn, at once; a round in which none opened is
 * followed by a wait that doubles from 500 ms to 5 s (the first retry waits 500 ms too). Without replicas it is the
 * page's old rhythm on its one address: 500 ms, 1 s, 2 s, 4 s, 5 s, 5 s…
 *
 * Each wait is lengthened by a random 0–50% of itself (`random`, default `Math.random`): the pages of a replica that
 * dies all lose their socket at the same instant, and would otherwise all land on the next replica together.
 *
 * @example
 * import { ReplicaRotation } from './replica-rotation.js';
 * const rotation = new ReplicaRotation('ws://10.0.0.6:8080/', () => 0.5);
 * rotation.known(['http://10.0.0.6:8080/', 'http://10.0.0.7:8080/']);
 * console.log(rotation.lost(), rotation.url); // 625 ws://10.0.0.6:8080/
 * console.log(rotation.failed(), rotation.url); // 0 ws://10.0.0.7:8080/
 * rotation.opened();
 * console.log(rotation.lost(), rotation.url); // 625 ws://10.0.0.7:8080/
 */
export class ReplicaRotation {
  #current: string;
  #others: string[] = [];
  #round: string[];
  #index = 0;
  #waitMs = MIN_WAIT_MS;
  readonly #random: () => number;

  /** `own`: the ws:// (or wss://) address the page starts with, without a query; `random`: a number in [0, 1). */
  constructor(own: string, random: () => number = Math.random) {
    this.#current = own;
    this.#random = random;
    this.#round = [own];
  }

  /** The address to try now. */
  get url(): string {
    return this.#round[this.#index] ?? this.#current;
  }

  /**
   * The monitor's latest list of dashboard addresses (`http://host:port/`); the one the page is on is left out.
   * Replicas heard of before stay candidates after, behind the listed ones (at most 16 in all): a replica busy catching
   * up a large history may miss its heartbeats and drop out of the list while alive, and a dead one costs one failed
   * attempt.
   */
  known(dashboards: readonly string[]): void {
    const urls = dashboards.filter((u) => /^https?:\/\//.test(u)).map((u) => u.replace(/^http/, 'ws'));
    this.#others = [...new Set([...urls, ...this.#others])].filter((u) => u !== this.#current).slice(0, MAX_KNOWN);
  }

  /** The socket to `url` opened: it is the page's monitor now, the first to retry next time. */
  opened(): void {
    this.#current = this.url;
    this.#others = this.#others.filter((u) => u !== this.#current);
    this.#waitMs = MIN_WAIT_MS;
  }

  /** An open socket closed: a new round begins with the monitor it was on. Returns the ms to wait before trying. */
  lost(): number {
    this.#round = [this.#current, ...this.#others];
    this.#index = 0;
    return this.#backOff();
  }

  /** The attempt on `url` never opened: the next replica at once, or, after a whole round, the first again later. */
  failed(): number {
    this.#index++;
    if (this.#index < this.#round.length) return 0;
    this.#index = 0;
    return this.#backOff();
  }

  #backOff(): number {
    const wait = this.#waitMs;
    this.#waitMs = Math.min(wait * 2, MAX_WAIT_MS);
    return Math.round(wait * (1 + MAX_JITTER * this.#random()));
  }
}

const MIN_WAIT_MS = 500;
/** Replicas a page keeps as candidates at most. */
const MAX_KNOWN = 16;
const MAX_WAIT_MS = 5000;
/** At most this share of a wait is added to it, at random. */
const MAX_JITTER = 0.5;
