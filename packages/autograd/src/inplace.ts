/**
 * In-place updates (PyTorch's trailing underscore): `sub_`, `add_`, `mul_`, `zero_`, `copy_`.
 *
 * They exist for the optimizer step, `p ← p − lr·grad/batch`, which d2l runs inside
 * `torch.no_grad()`. While gradients are being recorded, updating a leaf that requires grad in
 * place is refused (the update would have to become part of the graph it belongs to), exactly as
 * PyTorch refuses it. Every in-place op bumps the tensor's version, so a backward() through a graph
 * that saved the old values fails loudly instead of returning a wrong gradient.
 */
import { isGradEnabled } from './grad-mode.js';
import { broadcastShape, cols, formatShape, rows, sameShape } from './shape.js';
import { asTensor } from './op-node.js';
import type { Tensor, TensorLike } from './tensor.js';
import { describe, who } from './describe.js';

const SUB = 0;
const ADD = 1;
const MUL = 2;
const COPY = 3;

/** @internal */
export function subInPlace(t: Tensor, o: TensorLike): void {
  update(t, o, 'sub_', SUB);
}
/** @internal */
export function addInPlace(t: Tensor, o: TensorLike): void {
  update(t, o, 'add_', ADD);
}
/** @internal */
export function mulInPlace(t: Tensor, o: TensorLike): void {
  update(t, o, 'mul_', MUL);
}
/** @internal */
export function copyInPlace(t: Tensor, o: TensorLike): void {
  update(t, o, 'copy_', COPY);
}
/** @internal */
export function zeroInPlace(t: Tensor): void {
  checkAllowed(t, 'zero_', undefined);
  t.data.fill(0);
  t._base._version++;
}

function update(t: Tensor, oLike: TensorLike, op: string, code: number): void {
  const o = asTensor(oLike, 'other');
  checkAllowed(t, op, o);
  const T = t.data;
  const O = o.data;
  // Read the operand through strides inside this tensor's R×C layout (0 where it is repeated).
  let R = 1;
  let C = T.length;
  let rowStride = 0;
  let colStride = 0;
  if (O.length !== 1) {
    if (sameShape(t.shape, o.shape) || (O.length === T.length && broadcastsInto(o, t, op))) colStride = 1;
    else {
      broadcastsInto(o, t, op);
      R = rows(t.shape);
      C = cols(t.shape);
      rowStride = rows(o.shape) === 1 ? 0 : cols(o.shape);
      colStride = cols(o.shape) === 1 ? 0 : 1;
    }
  }
  // One loop per op, spelled out: a per-element callback would cost more than the update itself.
  switch (code) {
    case SUB:
      for (let i = 0, k = 0; i < R; i++) for (let j = 0; j < C; j++, k++) T[k] -= O[i * rowStride + j * colStride];
      break;
    case ADD:
      for (let i = 0, k = 0; i < R; i++) for (let j = 0; j < C; j++, k++) T[k] += O[i * rowStride + j * colStride];
      break;
    case MUL:
      for (let i = 0, k = 0; i < R; i++) for (let j = 0; j < C; j++, k++) T[k] *= O[i * rowStride + j * colStride];
      break;
    default:
      for (let i = 0, k = 0; i < R; i++) for (let j = 0; j < C; j++, k++) T[k] = O[i * rowStride + j * colStride];
  }
  t._base._version++;
}

/** The right operand must broadcast to the updated tensor's own shape (an in-place op cannot grow it). */
function broadcastsInto(o: Tensor, t: Tensor, op: string): boolean {
  const shape = broadcastShape(t.shape, o.shape, op);
  if (!sameShape(shape, t.shape)) {
    throw new RangeError(
      `invalid argument. ${op} needs a right operand that broadcasts to the shape of the tensor it updates (${formatShape(t.shape)}). Value: \`${formatShape(o.shape)}\`.`,
    );
  }
  return true;
}

function checkAllowed(t: Tensor, op: string, o: Tensor | undefined): void {
  if (!isGradEnabled()) return;
  if (t.requiresGrad && t.isLeaf) {
    throw new Error(
      `invalid invocation. A leaf tensor that requires grad cannot be updated in place while gradients are being recorded (${who(t)}, ${op}); PyTorch says "a leaf Variable that requires grad is being used in an in-place operation". Do the update inside noGrad(() => …), as d2l does with \`with torch.no_grad():\`.`,
    );
  }
  if (t.requiresGrad || (o !== undefined && o.requiresGrad)) {
    throw new Error(
      `invalid invocation. ${op} on a tensor that is part of a recorded graph is not supported${describe(t.requiresGrad ? t : o!)}. Use the out-of-place op (${op.slice(0, -1)}) to build the graph, or do the update inside noGrad(() => …).`,
    );
  }
}
