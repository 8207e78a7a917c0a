import { encodeEventBinary } from './event-binary.js';
import { Sequenced } from './run-state.js';

/**
 * An event that is not a step, as the clients that connected with `?batch=1` get it: a binary event
 * frame (`event-binary.ts`: its arrays of numbers as float64s) built once for all of them. v1 clients get
 * the `Sequenced` JSON frame, as before.
 *
 * @example
 * // not run: built by batchSteps() for an event with enough numbers in arrays (a run's data sample)
 */
export class PackedEvent extends Sequenced {
  private constructor(
    item: Sequenced,
    private readonly packed: Buffer,
  ) {
    super(item.run, item.seq, item.event, item.runId);
  }

  /** The binary form of `item`, or `item` itself when packing its numbers does not pay. */
  static of(item: Sequenced): Sequenced {
    const bytes = encodeEventBinary({ ...item.event, seq: item.seq });
    return bytes === null ? item : new PackedEvent(item, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  override get data(): Buffer {
    return this.packed;
  }

  override get binary(): boolean {
    return true;
  }
}
