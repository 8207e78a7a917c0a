import type { TaggedEvent } from '@gradstream/events';
import { RunChannel } from './run-channel.js';
import type { RunSummary } from './runs-protocol.js';

export interface RunRegistryOptions {
  historySize: number;
  /** Most often the changed summaries are announced (ms). */
  announceMs: number;
  /** Receives the summaries of runs that appeared or changed, at most once per `announceMs`. */
  announce: (runs: RunSummary[]) => void;
}

/**
 * The runs of a many-runs monitor, by id, in the order they appeared: every tagged event goes to its
 * run's `RunChannel` (a new id is a new run). Summaries that changed are announced together a few times
 * a second, so a sweep's thousands of steps cost its viewers a handful of `runs` frames.
 *
 * When the stream of runs ends, a run that had neither `done` nor `error` is `interrupted`.
 *
 * @example
 * import { RunRegistry } from './run-registry.js';
 * const registry = new RunRegistry({ historySize: 64, announceMs: 10, announce: (runs) => console.log(runs.map((r) => `${r.id} ${r.status}`)) });
 * registry.record({ runId: 'a', event: { type: 'error', message: 'diverged' } });
 * registry.record({ runId: 'b', event: { type: 'epoch', epoch: 1, loss: 0.1, elapsedMs: 5, globalStep: 10 } });
 * registry.complete(); // logs [ 'a failed', 'b interrupted' ]
 * registry.dispose();
 */
export class RunRegistry {
  readonly runs = new Map<string, RunChannel>();
  /** Events recorded, all runs together. */
  events = 0;
  private readonly changed = new Set<RunChannel>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: RunRegistryOptions) {}

  get(id: string): RunChannel | undefined {
    return this.runs.get(id);
  }

  summaries(): RunSummary[] {
    return [...this.runs.values()].map((c) => c.summary.summary());
  }

  readonly record = ({ runId, event }: TaggedEvent): void => {
    let channel = this.runs.get(runId);
    if (channel === undefined) {
      channel = new RunChannel(runId, this.options);
      this.runs.set(runId, channel);
      this.changed.add(channel);
    }
    this.events++;
    if (channel.record(event)) this.changed.add(channel);
    if (this.changed.size > 0) this.timer ??= setTimeout(this.announce, this.options.announceMs);
  };

  /** The stream of runs ended: runs still live were cut off. Announced at once. */
  readonly complete = (): void => {
    for (const channel of this.runs.values()) {
      if (channel.summary.interrupt('its events stopped before it finished')) this.changed.add(channel);
    }
    this.announce();
  };

  /** Announces the changed summaries now. */
  readonly announce = (): void => {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.changed.size === 0) return;
    const runs = [...this.changed].map((c) => c.summary.summary());
    this.changed.clear();
    this.options.announce(runs);
  };

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const channel of this.runs.values()) channel.dispose();
  }
}
