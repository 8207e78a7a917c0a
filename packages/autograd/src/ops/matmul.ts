/**
 * Matrix product through stdlib's BLAS `dgemm`, forward and backward.
 *
 * Shapes follow torch.matmul for ranks 1 and 2: matrix·matrix (M×K · K×N → M×N), matrix·vector
 * (M×K · K → M), vector·matrix (K · K×N → N) and vector·vector (a dot product, a scalar). A vector
 * on the left is a 1×K row, on the right a K×1 column.
 *
 * Backward of C = A·B with upstream gradient G (shaped like C):
 *   ∂l/∂A = G·Bᵀ   (M×N · N×K)
 *   ∂l/∂B = Aᵀ·G   (K×M · M×N)     — for the lesson, ∂l/∂w = Xᵀ·(ŷ − y)
 * Both are dgemm calls with β = 1, so they add into the gradient buffers (accumulation is free), and
 * the transposes are expressed as strides, so nothing is copied.
 */
import dgemm from '@stdlib/blas-base-dgemm';
import { formatShape } from '../shape.js';
import { checkTensor, gradBuffer, makeResult } from '../op-node.js';
import type { Tensor } from '../tensor.js';
import { alloc } from '../alloc.js';

/**
 * `a · b` (torch.matmul for 1-D and 2-D operands).
 *
 * @example
 * import { tensor } from '@gradstream/autograd';
 * const X = tensor([[1, 2], [3, 4]]);
 * const w = tensor([[1], [-1]], { requiresGrad: true });
 * X.matmul(w).sum().backward();
 * console.log(w.grad!.toArray()); // [[4], [6]]: Xᵀ·1, the column sums of X
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor(a, 'a');
  checkTensor(b, 'b');
  if (a.shape.length === 0 || b.shape.length === 0) {
    throw new RangeError(
      `invalid arguments. matmul needs operands of at least one dimension (use mul for scalars). Value: \`${formatShape(a.shape)}\` and \`${formatShape(b.shape)}\`.`,
    );
  }
  const M = a.shape.length === 2 ? a.shape[0] : 1;
  const K = a.shape[a.shape.length - 1];
  const K2 = b.shape[0];
  const N = b.shape.length === 2 ? b.shape[1] : 1;
  if (K !== K2) {
    throw new RangeError(
      `invalid arguments. matmul needs the columns of the left operand to equal the rows of the right one (${K} ≠ ${K2}). Value: \`${formatShape(a.shape)}\` · \`${formatShape(b.shape)}\`.`,
    );
  }
  const shape = a.shape.length === 2 ? (b.shape.length === 2 ? [M, N] : [M]) : b.shape.length === 2 ? [N] : [];
  const A = a.data;
  const B = b.data;
  const out = alloc(M * N);
  // C (M×N, strides N,1) = A (M×K, strides K,1) · B (K×N, strides N,1). `out` is freshly zeroed,
  // so β = 1 gives the same C as β = 0 and skips dgemm's separate pass that scales C by β
  // (~65 ns of the ~200 ns a 10×2·2×1 product costs here).
  dgemm.ndarray('no-transpose', 'no-transpose', M, N, K, 1.0, A, K, 1, 0, B, N, 1, 0, 1.0, out, N, 1, 0);
  const t = makeResult(out, shape, 'matmul', a, b);
  if (t.requiresGrad) {
    t._saves = true;
    t._backward = (g) => {
      // ∂l/∂A += G · Bᵀ: G is M×N (strides N,1); Bᵀ is N×K, read from B with strides (1, N).
      if (a.requiresGrad) dgemm.ndarray('no-transpose', 'no-transpose', M, K, N, 1.0, g, N, 1, 0, B, 1, N, 0, 1.0, gradBuffer(a), K, 1, 0);
      // ∂l/∂B += Aᵀ · G: Aᵀ is K×M, read from A with strides (1, K); G is M×N.
      if (b.requiresGrad) dgemm.ndarray('no-transpose', 'no-transpose', K, N, M, 1.0, A, 1, K, 0, g, N, 1, 0, 1.0, gradBuffer(b), N, 1, 0);
    };
  }
  return t;
}
