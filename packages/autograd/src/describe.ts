/**
 * How a tensor is named in error messages: by its name when it has one, and always by its shape.
 */
import { formatShape } from './shape.js';
import type { Tensor } from './tensor.js';

/** `w, shape [2, 1]` or `shape [2, 1]`: how a tensor is named in messages. @internal */
export function who(t: Tensor): string {
  return t.name === undefined ? `shape ${formatShape(t.shape)}` : `${t.name}, shape ${formatShape(t.shape)}`;
}

/** ` (w, shape [2, 1])` for messages. @internal */
export function describe(t: Tensor): string {
  return ` (${who(t)})`;
}
