/**
 * A per-connection limit on incoming frames: a token bucket of `burst` frames refilled at `perSecond`.
 * A frame over the limit is dropped (the server answers with an error frame). A client that keeps
 * sending over the limit is abusing the connection: a second bucket of `burst` strikes, refilled at
 * the same rate, counts dropped frames, and when it runs dry the server closes the socket (1008).
 * A client briefly over the limit is therefore told, and only a sustained flood is cut off.
 *
 * The clock is a parameter, so the rule is tested with exact times instead of sleeps.
 *
 * @example
 * import { RateLimit } from './rate-limit.js';
 * const limit = new RateLimit({ perSecond: 10, burst: 2 });
 * console.log([0, 0, 0, 0, 0].map((t) => limit.take(t))); // [ 'accept', 'accept', 'drop', 'drop', 'close' ]
 * console.log(new RateLimit({ perSecond: 10, burst: 2 }).take(performance.now())); // accept
 */
export class RateLimit {
  private tokens: number;
  private strikes: number;
  private last: number | null = null;

  constructor(private readonly rule: { perSecond: number; burst: number }) {
    this.tokens = rule.burst;
    this.strikes = rule.burst;
  }

  /** Accounts one incoming frame at time `nowMs`. */
  take(nowMs: number): 'accept' | 'drop' | 'close' {
    const refill = this.last === null ? 0 : (Math.max(0, nowMs - this.last) / 1000) * this.rule.perSecond;
    this.last = nowMs;
    this.tokens = Math.min(this.rule.burst, this.tokens + refill);
    this.strikes = Math.min(this.rule.burst, this.strikes + refill);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 'accept';
    }
    this.strikes -= 1;
    return this.strikes < 0 ? 'close' : 'drop';
  }

  /** The sentence of the error frame for a dropped frame. */
  message(): string {
    return `rate limit: at most ${this.rule.perSecond} frames a second (bursts of ${this.rule.burst}); this frame was dropped. Keep sending faster and the connection closes (1008).`;
  }
}
