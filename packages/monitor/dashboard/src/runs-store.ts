/**
 * What the page knows about the runs of a many-runs monitor (protocol 2), built only from its frames
 * (DOM-free): every run's summary, a colour per run, which runs are ticked, the hyperparameter filter,
 * the selected run, and a `RunStore` (the single-run page's store) for each run it watches.
 *
 * The page watches exactly the runs it shows — ticked and passing the filter — plus the selected one;
 * `sync()` sends the `watch`/`unwatch` frames that make the server's set equal to that.
 */
import type { RunsClientFrame, RunsServerFrame, RunSummary } from '../../src/runs-protocol.js';
import { MAX_RUNS_PER_FRAME, RUNS_PROTOCOL_VERSION } from '../../src/runs-protocol.js';
import { hyperparameters, type HyperName } from './hyperparameters.js';
import { runColour } from './run-colours.js';
import { RunStore, type ConnectionState } from './store.js';


/**
 * @example
 * import { RunsStore } from './runs-store.js';
 * const runs = new RunsStore();
 * const run = { id: 'lr=0.03', config: null, status: 'live', finalLoss: null, gapToOptimum: null, steps: 0, epochs: 0, elapsedMs: null, startedAt: null } as const;
 * runs.apply({ type: 'hello', protocol: 2, schema: 1, runs: [run] });
 * const sent: unknown[] = [];
 * runs.sync((f) => (sent.push(f), true));
 * console.log(runs.colour('lr=0.03'), sent); // #4e79a7 [ { type: 'watch', runs: [ 'lr=0.03' ] } ]
 */
export class RunsStore {
  /** Whether the monitor speaks protocol 2 (its hello said so). */
  active = false;
  connection: ConnectionState = 'connecting';
  /** Every run's latest summary, in the order the runs appeared. */
  readonly summaries = new Map<string, RunSummary>();
  /** A store per watched run (its history and events). */
  readonly stores = new Map<string, RunStore>();
  readonly unticked = new Set<string>();
  /** Hyperparameter → the one value shown (absent: every value). */
  readonly filter = new Map<HyperName, string>();
  selected: string | null = null;
  version = 0;
  readonly #colours = new Map<string, string>();
  /** Runs the server was asked to send. */
  readonly #watching = new Set<string>();
  #made = 0;

  /** Whether a frame is this store's: a protocol-2 hello, and every frame after one. */
  accepts(frame: { type: string; protocol?: number }): boolean {
    return this.active || (frame.type === 'hello' && frame.protocol === RUNS_PROTOCOL_VERSION);
  }

  apply(frame: RunsServerFrame): boolean {
    switch (frame.type) {
      case 'hello':
        // A (re)connection: the server watches nothing for us yet; `sync` asks again.
        this.active = true;
        this.#watching.clear();
        this.stores.clear();
        for (const run of frame.runs) this.#summary(run);
        break;
      case 'runs':
        for (const run of frame.runs) this.#summary(run);
        break;
      case 'history':
        if (!this.#watching.has(frame.runId)) return false;
        this.#store(frame.runId).apply(frame.hello);
        break;
      case 'pong':
        return false;
      default:
        if (!('seq' in frame)) return false; // a protocol error: nothing this page sends should cause one
        if (!this.#watching.has(frame.runId)) return false;
        if (!this.#store(frame.runId).apply(frame)) return false;
    }
    // One run alone is the one to look at.
    if (this.selected === null && this.summaries.size === 1) this.selected = [...this.summaries.keys()][0];
    this.version++;
    return true;
  }

  colour(id: string): string {
    return this.#colours.get(id) ?? '#98a2b3';
  }

  /** Ticked and passing the filter, in the order the runs appeared. */
  shown(): string[] {
    return [...this.summaries.keys()].filter((id) => !this.unticked.has(id) && this.passes(id));
  }

  passes(id: string): boolean {
    const hp = hyperparameters(this.summaries.get(id)?.config ?? null);
    for (const [name, value] of this.filter) if (String(hp[name]) !== value) return false;
    return true;
  }

  tick(id: string, on: boolean): void {
    if (on) this.unticked.delete(id);
    else this.unticked.add(id);
    this.version++;
  }

  setFilter(name: HyperName, value: string | null): void {
    if (value === null) this.filter.delete(name);
    else this.filter.set(name, value);
    this.version++;
  }

  select(id: string | null): void {
    this.selected = id !== null && this.summaries.has(id) ? id : null;
    this.version++;
  }

  /** The selected run's store, when it has one yet. */
  selectedStore(): RunStore | null {
    return this.selected === null ? null : (this.stores.get(this.selected) ?? null);
  }

  setConnection(state: ConnectionState): void {
    this.connection = state;
    for (const store of this.stores.values()) store.setConnection(state);
    this.version++;
  }

  /** Asks the server for the runs shown (and the selected one), and stops the others; false until the socket is open. */
  sync(send: (frame: RunsClientFrame) => boolean): void {
    const wanted = new Set(this.shown());
    if (this.selected !== null) wanted.add(this.selected);
    const add = [...wanted].filter((id) => !this.#watching.has(id));
    const drop = [...this.#watching].filter((id) => !wanted.has(id));
    for (let i = 0; i < add.length; i += MAX_RUNS_PER_FRAME) {
      const runs = add.slice(i, i + MAX_RUNS_PER_FRAME);
      if (send({ type: 'watch', runs })) for (const id of runs) this.#watching.add(id);
    }
    for (let i = 0; i < drop.length; i += MAX_RUNS_PER_FRAME) {
      const runs = drop.slice(i, i + MAX_RUNS_PER_FRAME);
      if (!send({ type: 'unwatch', runs })) continue;
      for (const id of runs) {
        this.#watching.delete(id);
        this.stores.delete(id);
      }
    }
  }

  #summary(run: RunSummary): void {
    if (!this.#colours.has(run.id)) this.#colours.set(run.id, runColour(this.#colours.size));
    this.summaries.set(run.id, run);
  }

  #store(id: string): RunStore {
    let store = this.stores.get(id);
    if (store === undefined) {
      store = new RunStore();
      // Panels skip a redraw when `version` is the one they drew: every run's store counts from its own offset,
      // so selecting another run with as many events always redraws.
      store.version = ++this.#made * 2 ** 32;
      store.setConnection(this.connection);
      this.stores.set(id, store);
    }
    return store;
  }
}
