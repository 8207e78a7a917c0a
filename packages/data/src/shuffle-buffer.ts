import { Observable, type OperatorFunction } from 'rxjs';
import { BATCHING } from './batching-tags.js';
import { randomIntGenerator, STREAM } from './random.js';
import { checkPositiveInteger, checkSeed } from './validate.js';

/**
 * Shuffles a stream through a bounded buffer, like tf.data's `shuffle(bufferSize)`: the first `size`
 * values fill the buffer; then each new value takes the place of a uniformly chosen buffered one, which is
 * emitted; at completion the rest is emitted in random order. At most `size` values are held, so streams
 * of any length can be shuffled; the shuffle is local (a value moves at most `size` places earlier) and
 * becomes a full uniform shuffle when `size` ≥ the stream's length.
 *
 * Seeded and cold: each subscription draws from its own MT19937 stream keyed by `seed`, so the same
 * input gives the same output.
 *
 * @param size - buffer capacity (positive integer)
 * @param seed - unsigned 32-bit integer
 *
 * @example
 * import { range } from 'rxjs';
 * import { shuffleBuffer } from '@gradstream/data';
 * range(0, 10).pipe(shuffleBuffer(4, 1)).subscribe((v) => console.log(v));
 */
export function shuffleBuffer<T>(size: number, seed: number): OperatorFunction<T, T> {
  checkPositiveInteger('size', size);
  checkSeed('seed', seed);
  const operator: OperatorFunction<T, T> = (source) =>
    new Observable<T>((subscriber) => {
      const randInt = randomIntGenerator([seed, STREAM.buffer]);
      const buffer: T[] = [];
      const subscription = source.subscribe({
        next(value) {
          if (buffer.length < size) {
            buffer.push(value);
            return;
          }
          const j = randInt(size);
          const out = buffer[j];
          buffer[j] = value;
          subscriber.next(out);
        },
        error(err) {
          subscriber.error(err);
        },
        complete() {
          // Drain: pick uniformly among what is left, fill the hole with the last element.
          while (buffer.length > 0 && !subscriber.closed) {
            const j = randInt(buffer.length);
            const out = buffer[j];
            buffer[j] = buffer[buffer.length - 1];
            buffer.pop();
            subscriber.next(out);
          }
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        buffer.length = 0;
      };
    });
  return Object.assign(operator, { [BATCHING]: { kind: 'shuffleBuffer' as const, size, seed } });
}
