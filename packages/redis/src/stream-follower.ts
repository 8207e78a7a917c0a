/**
 * Following Redis streams: one XREAD BLOCK over every followed stream, each from the id after the last entry
 * read. The ids only move forward once entries are handed over, so a read that Redis answers after a reconnect
 * (the client resends it) starts where the last one ended: no entry twice, none skipped.
 */
import type { Redis } from 'ioredis';

/** One stream entry: its key, id and fields as name/value pairs (values as read: bytes). */
export interface StreamEntry {
  key: string;
  id: string;
  fields: Buffer[];
}

type XreadReply = [Buffer, [Buffer, Buffer[]][]][] | null;

/** How long one XREAD waits for new entries before it is sent again (so a silent dead link is noticed). */
const BLOCK_MS = 5000;
/**
 * Entries one XREAD asks for, across every followed stream (at least one a stream). A block entry holds up to a
 * thousand events: 1,000 entries a stream, as before, let a reader catching up a long history take ~1 M events of one
 * reply in one turn of the event loop, so a `serve --redis` replica next to ~5 M stored events stopped answering
 * (heartbeats ~12 s apart, from a review).
 */
export const ENTRIES_PER_READ = 64;

/**
 * @example
 * // not run: it needs a Redis server
 * const follower = new StreamFollower(client);
 * follower.follow('gradstream:runs', '0');
 * await follower.run((entry) => console.log(entry.key, entry.id));
 */
export class StreamFollower {
  private readonly cursors = new Map<string, string>();
  private stopped = false;

  constructor(private readonly client: Redis) {}

  /** Reads `key` from after `afterId` (`'0'`: from the start). */
  follow(key: string, afterId = '0'): void {
    if (!this.cursors.has(key)) this.cursors.set(key, afterId);
  }

  unfollow(key: string): void {
    this.cursors.delete(key);
  }

  /** Ends `run()` after the read in flight (closing the client ends it at once). */
  stop(): void {
    this.stopped = true;
  }

  /** Reads until `stop()`, nothing is followed, or the client closes; `onEntry` sees entries in stream order. */
  async run(onEntry: (entry: StreamEntry) => void): Promise<void> {
    while (!this.stopped && this.cursors.size > 0) {
      const keys = [...this.cursors.keys()];
      let reply: XreadReply;
      try {
        // As bytes: a block of events is binary (block-codec.ts).
        const count = Math.max(1, Math.floor(ENTRIES_PER_READ / keys.length));
        reply = (await this.client.xreadBuffer('COUNT', count, 'BLOCK', BLOCK_MS, 'STREAMS', ...keys, ...keys.map((k) => this.cursors.get(k)!))) as unknown as XreadReply;
      } catch (err) {
        if (this.stopped || this.client.status === 'end') return;
        throw err;
      }
      if (this.stopped) return;
      for (const [rawKey, entries] of reply ?? []) {
        const key = rawKey.toString();
        for (const [rawId, fields] of entries) {
          if (!this.cursors.has(key)) break;
          const id = rawId.toString();
          this.cursors.set(key, id);
          onEntry({ key, id, fields });
        }
      }
    }
  }
}
