import type { StepEvent } from '@gradstream/events';
import { PackedEvent } from './packed-event.js';
import type { Sequenced } from './run-state.js';
import { encodeStepsBinary } from './steps-binary.js';
import { encodeSteps, stepKeys } from './steps-codec.js';

/** Most steps in one `steps` frame (~62 KB binary, ~125 KB JSON for the lesson's steps): a long burst becomes several frames, each far below a client's bound. */
const MAX_BATCH_STEPS = 512;

/**
 * Consecutive steps of one run that go out as one `steps` frame (see `StepsFrame` in `protocol.ts`).
 * Like `Sequenced`, its bytes are built on first use and once for every client that takes it.
 *
 * @example
 * // Built by batchSteps() for the clients that connected with ?batch=1; a client that already has some of its steps gets after(seq).
 */
export class StepBatch {
  private bytes: Buffer | null = null;
  private isBinary = false;

  constructor(
    /** Steps with consecutive seqs, of one run, all with `keys`. */
    readonly items: readonly Sequenced[],
    private readonly keys: readonly string[],
  ) {}

  get run(): number {
    return this.items[0].run;
  }

  get fromSeq(): number {
    return this.items[0].seq;
  }

  get lastSeq(): number {
    return this.items[this.items.length - 1].seq;
  }

  /**
   * The frame: binary when every value of the steps is a number or numbers (`steps-binary.ts`), else JSON
   * rows (`steps-codec.ts`). Measured (BENCHMARKS.md W4): a client decodes the binary frame 4–6× faster
   * than a frame per step, while JSON, keyed or in rows, costs about what a frame per step does.
   */
  get data(): Buffer {
    if (this.bytes !== null) return this.bytes;
    const events = this.items.map((item) => item.event as StepEvent);
    const binary = encodeStepsBinary(events, this.keys, this.fromSeq);
    this.isBinary = binary !== null;
    this.bytes = binary !== null ? Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength) : Buffer.from(encodeSteps(events, this.keys, this.fromSeq));
    return this.bytes;
  }

  /** Whether `data` goes out as a binary frame. */
  get binary(): boolean {
    void this.data;
    return this.isBinary;
  }

  /** The steps after `seq` (a client whose hello already held the first ones), or null when there are none. */
  after(seq: number): StepBatch | null {
    if (seq < this.fromSeq) return this;
    if (seq >= this.lastSeq) return null;
    return new StepBatch(this.items.slice(seq - this.fromSeq + 1), this.keys);
  }
}

/** What one broadcast sends a batching client: its events in order, runs of consecutive steps as `StepBatch`es. */
export type Outgoing = Sequenced | StepBatch;

/**
 * The events of one broadcast for the clients that batch: every run of consecutive steps of one run
 * with the same keys becomes a `StepBatch` (split every `MAX_BATCH_STEPS`); other events go as binary
 * `PackedEvent`s when their arrays of numbers make that pay (a run's data sample), else as they are.
 *
 * @example
 * // not run: needs Sequenced events from a RunState — FanOut.flush calls batchSteps(recorded) once per broadcast
 */
export function batchSteps(items: readonly Sequenced[]): Outgoing[] {
  const out: Outgoing[] = [];
  let run: Sequenced[] = [];
  let keys: string[] = [];
  let shape = '';
  const close = () => {
    if (run.length > 0) out.push(new StepBatch(run, keys));
    run = [];
  };
  for (const item of items) {
    if (item.event.type !== 'step') {
      close();
      out.push(PackedEvent.of(item));
      continue;
    }
    const itemKeys = stepKeys(item.event);
    const itemShape = itemKeys.join('\n');
    if (itemShape !== shape || run.length === MAX_BATCH_STEPS) {
      close();
      keys = itemKeys;
      shape = itemShape;
    }
    run.push(item);
  }
  close();
  return out;
}

/**
 * Whether a queued frame is superseded by a newer step frame (steps conflate, other events never do).
 *
 * @example
 * // not run: needs Sequenced events — the Subscriber's queue asks it of its tail and of each new frame
 */
export function isStepFrame(frame: Outgoing): boolean {
  return frame instanceof StepBatch || frame.event.type === 'step';
}
