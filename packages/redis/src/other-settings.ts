/**
 * The message for a run id that Redis already holds with other settings. Ids are made from a run's settings but not
 * from all of them (`lr=0.3,bs=10,seed=42` says nothing of the epochs), and Redis keeps what an id published: a run of
 * other settings under the same id would be mixed into that stream, or read back in its place. So it is refused,
 * naming each setting that differs.
 *
 * @example
 * import { otherSettings } from './other-settings.js';
 * console.log(otherSettings('job lr=0.3,bs=10,seed=42', { lr: 0.3, epochs: 3 }, { lr: 0.3, epochs: 6 }, 'Use another --redis-prefix.'));
 * // job lr=0.3,bs=10,seed=42 is in Redis with other settings (epochs: 3 there, 6 here). Use another --redis-prefix.
 */
export function otherSettings(what: string, stored: unknown, here: unknown, hint: string): string {
  const a = (stored ?? {}) as Record<string, unknown>;
  const b = (here ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const differ = keys
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => `${k}: ${JSON.stringify(a[k]) ?? 'none'} there, ${JSON.stringify(b[k]) ?? 'none'} here`);
  return `${what} is in Redis with other settings (${differ.join('; ')}). ${hint}`;
}
