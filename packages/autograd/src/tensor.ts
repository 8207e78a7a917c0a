/**
 * The Tensor: float64 data in row-major order, a shape, and (when it requires grad) the op that
 * made it and how to send a gradient back through that op.
 *
 * The methods are thin: each op lives in its own file under `ops/` with its backward rule written
 * beside its forward, micrograd style. This file holds the data structure and the PyTorch-facing API.
 */
import { formatShape, type Shape } from './shape.js';
import { add, div, mul, sub } from './ops/arithmetic.js';
import { matmul } from './ops/matmul.js';
import { neg, pow, relu } from './ops/unary.js';
import { exp, log } from './ops/exp-log.js';
import { sigmoid, tanh } from './ops/activations.js';
import { crossEntropy } from './ops/cross-entropy.js';
import { hinge } from './ops/hinge.js';
import { mean, sum } from './ops/reduce.js';
import { reshape, transpose } from './ops/layout.js';
import { runBackward } from './backward.js';
import { GraphNode } from './graph-node.js';
import { describe } from './describe.js';
import { addInPlace, copyInPlace, mulInPlace, subInPlace, zeroInPlace } from './inplace.js';

/** Sends the upstream gradient `g` (shaped like the node's output) into the gradient buffers of its inputs. */
export type BackwardFn = (g: Float64Array) => void;

/** What an op remembers for the explainer (the exponent of pow, the axis of a reduction). */
export interface OpMeta {
  k?: number;
  axis?: number;
  keepdim?: boolean;
}

/** A tensor or a plain number (a number becomes a constant scalar that does not require grad). */
export type TensorLike = Tensor | number;

export class Tensor extends GraphNode {
  /** Elements in row-major order. */
  data: Float64Array;
  /** `[]` for a scalar, `[n]` for a vector, `[rows, cols]` for a matrix. */
  shape: readonly number[];
  /** Whether ops on this tensor are recorded so that gradients can flow back to it. */
  requiresGrad: boolean;
  /** Accumulated gradient: `null` until the first backward() reaches this tensor. */
  grad: Tensor | null = null;
  /** `leaf` for tensors made by the user (and for every tensor that does not require grad), else the op. */
  op: string;
  /** Optional name shown by explain(), toGraphJson() and toDot(). */
  name?: string;

  /** @internal Use tensor(), zeros() or ones(). Takes ownership of `data`. */
  constructor(data: Float64Array, shape: Shape, requiresGrad = false) {
    super();
    this.data = data;
    this.shape = shape;
    this.requiresGrad = requiresGrad;
    this.op = 'leaf';
  }

  /** True for tensors the user made and for every tensor that does not require grad (PyTorch's rule). */
  get isLeaf(): boolean {
    return this.op === 'leaf';
  }

  /** Number of elements. */
  get numel(): number {
    return this.data.length;
  }

  matmul(other: Tensor): Tensor {
    return matmul(this, other);
  }
  add(other: TensorLike): Tensor {
    return add(this, other);
  }
  sub(other: TensorLike): Tensor {
    return sub(this, other);
  }
  mul(other: TensorLike): Tensor {
    return mul(this, other);
  }
  div(other: TensorLike): Tensor {
    return div(this, other);
  }
  // Elementwise ops, then the losses of the models after the lesson; each op's file documents it.
  neg(): Tensor { return neg(this); }
  pow(k: number): Tensor { return pow(this, k); }
  relu(): Tensor { return relu(this); }
  exp(): Tensor { return exp(this); }
  log(): Tensor { return log(this); }
  tanh(): Tensor { return tanh(this); }
  sigmoid(): Tensor { return sigmoid(this); }
  crossEntropy(labels: Tensor | readonly number[]): Tensor { return crossEntropy(this, labels); }
  hinge(y: Tensor | readonly number[]): Tensor { return hinge(this, y); }
  /** Sum of all elements, or along `axis` (0 = down the rows, 1 = across the columns). */
  sum(axis?: number, keepdim = false): Tensor {
    return sum(this, axis, keepdim);
  }
  mean(axis?: number, keepdim = false): Tensor {
    return mean(this, axis, keepdim);
  }
  /** Same data, new shape (one entry may be -1). Shares the data, like PyTorch's view. */
  reshape(shape: readonly number[]): Tensor {
    return reshape(this, shape, 'reshape');
  }
  view(shape: readonly number[]): Tensor {
    return reshape(this, shape, 'view');
  }
  /** Rows become columns; scalars and vectors are returned unchanged (as a node). */
  transpose(): Tensor {
    return transpose(this);
  }
  get T(): Tensor {
    return transpose(this);
  }

  /**
   * Computes the gradient of this tensor with respect to every leaf that requires grad and adds it
   * into their `.grad`. Without `gradient`, this tensor must hold one element (call `.sum()` first).
   * The graph is freed afterwards unless `retainGraph` is true.
   *
   * @example
   * import { tensor } from '@gradstream/autograd';
   * const w = tensor([1, 2], { requiresGrad: true });
   * w.mul(w).sum().backward();
   * console.log(w.grad!.toArray()); // [2, 4]
   */
  backward(gradient?: Tensor, opts?: { retainGraph?: boolean }): void {
    runBackward([this], [gradient], opts !== undefined && opts.retainGraph === true, null);
  }

  /**
   * Keep the gradient of this intermediate tensor in `.grad` on the next backward().
   * @example
   * import { tensor } from '@gradstream/autograd';
   * const x = tensor([1, 2], { requiresGrad: true });
   * const h = x.mul(3).retainGrad();
   * h.pow(2).sum().backward();
   * console.log(h.grad!.toArray()); // [6, 12]: 2h
   */
  retainGrad(): this {
    if (!this.requiresGrad) {
      throw new Error(
        `invalid invocation. retainGrad() needs a tensor that requires grad; this one does not${describe(this)}. Create its inputs with { requiresGrad: true } outside noGrad().`,
      );
    }
    if (!this.isLeaf) this._retain = true;
    return this;
  }

  /**
   * A new leaf that shares this tensor's data and does not require grad (cuts the graph).
   * @example
   * import { tensor } from '@gradstream/autograd';
   * const x = tensor([3], { requiresGrad: true });
   * x.mul(x.detach()).sum().backward(); // the detached factor counts as a constant
   * console.log(x.grad!.item()); // 3 (not 6: only one factor is differentiated)
   */
  detach(): Tensor {
    const t = new Tensor(this.data, this.shape, false);
    t._base = this._base;
    if (this.name !== undefined) t.name = this.name;
    return t;
  }

  /**
   * Sets the accumulated gradient to zeros (keeps the buffer; a no-op when there is none yet).
   * @example
   * import { tensor } from '@gradstream/autograd';
   * const x = tensor([1], { requiresGrad: true });
   * x.mul(5).sum().backward();
   * x.zeroGrad();
   * console.log(x.grad!.toArray()); // [0]
   */
  zeroGrad(): void {
    if (this.grad !== null) this.grad.data.fill(0);
  }

  /**
   * In place: this ← this − other (broadcast into this tensor's shape). A leaf that requires grad
   * may only be updated inside noGrad(), as d2l's `with torch.no_grad():`.
   * @example
   * import { noGrad, tensor } from '@gradstream/autograd';
   * const w = tensor([1, 2], { requiresGrad: true });
   * w.mul(w).sum().backward();
   * noGrad(() => w.sub_(w.grad!.mul(0.5)));
   * console.log(w.toArray()); // [0, 0]
   */
  sub_(other: TensorLike): this {
    subInPlace(this, other);
    return this;
  }
  add_(other: TensorLike): this {
    addInPlace(this, other);
    return this;
  }
  mul_(other: TensorLike): this {
    mulInPlace(this, other);
    return this;
  }
  zero_(): this {
    zeroInPlace(this);
    return this;
  }
  copy_(other: TensorLike): this {
    copyInPlace(this, other);
    return this;
  }

  /**
   * The value of a one-element tensor as a number.
   * @example
   * import { tensor } from '@gradstream/autograd';
   * console.log(tensor([[1, 2]]).sum().item()); // 3
   */
  item(): number {
    if (this.data.length !== 1) {
      throw new RangeError(
        `invalid invocation. item() needs a tensor with exactly one element. Value: shape \`${formatShape(this.shape)}\`.`,
      );
    }
    return this.data[0];
  }

  /**
   * Plain arrays: `number[]` for a vector (and a one-element array for a scalar), `number[][]` for a matrix.
   * @example
   * import { tensor } from '@gradstream/autograd';
   * console.log(tensor([[1], [2]]).toArray(), tensor(5).toArray()); // [[1], [2]] [5]
   */
  toArray(): number[] | number[][] {
    if (this.shape.length === 2) {
      const [r, c] = this.shape;
      const out: number[][] = [];
      for (let i = 0; i < r; i++) out.push(Array.from(this.data.subarray(i * c, (i + 1) * c)));
      return out;
    }
    return Array.from(this.data);
  }

  override toString(): string {
    const head = this.name === undefined ? 'tensor' : `tensor ${this.name}`;
    const body = this.shape.length === 0 ? String(this.data[0]) : JSON.stringify(this.toArray());
    return `${head}(${body}, shape=${formatShape(this.shape)}${this.requiresGrad ? `, ${this.isLeaf ? 'requiresGrad' : `op=${this.op}`}` : ''})`;
  }
}
