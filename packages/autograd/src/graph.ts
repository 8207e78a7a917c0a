/**
 * The computation graph as data: JSON for the dashboard (structurally the `GraphJson` of
 * `@gradstream/events`) and Graphviz DOT for a picture (`dot -Tsvg graph.dot > graph.svg`).
 */
import { labelNodes } from './explain/labels.js';
import { matchLesson } from './explain/lesson.js';
import { arr } from './explain/format.js';
import { replay } from './explain/replay.js';
import { allNodes, nodeId } from './explain/walk.js';
import { formatShape } from './shape.js';
import type { Tensor } from './tensor.js';

export interface GraphNodeJson {
  id: string;
  /** `leaf` for inputs and parameters, otherwise the op name (`matmul`, `add`, …). */
  op: string;
  /** The tensor's name, or the label the explainer gives it (`ŷ`, `X·w`, `2`). */
  name?: string;
  shape: number[];
  value: number[];
  grad: number[] | null;
}

export interface GraphJson {
  nodes: GraphNodeJson[];
  /** `from` feeds into `to` (from an input towards the loss). */
  edges: { from: string; to: string }[];
}

export interface GraphExportOptions {
  /**
   * `computed` (the default when the root is a one-element tensor that requires grad): every node
   * gets ∂root/∂node from a read-only backward pass, intermediate nodes included; data and constants
   * get null. `stored`: each node's `.grad` as it is (null for intermediate nodes without retainGrad()).
   */
  grads?: 'computed' | 'stored';
}

/**
 * The graph that produced `root`: every tensor (data, constants, parameters, op results) with its
 * op, shape, value and gradient, and the edges from inputs to the ops that use them. Nodes come
 * inputs first, root last.
 *
 * @example
 * import { tensor, toGraphJson } from '@gradstream/autograd';
 * const w = tensor([1, 2], { requiresGrad: true, name: 'w' });
 * const g = toGraphJson(w.mul(3).sum());
 * console.log(g.nodes.map((n) => `${n.name}:${n.op}`).join(' '), g.edges.length); // w:leaf 3:leaf w * 3:mul Σ(w * 3):sum 3
 */
export function toGraphJson(root: Tensor, opts: GraphExportOptions = {}): GraphJson {
  const nodes = allNodes(root);
  const labels = labelNodes(nodes, matchLesson(root));
  const mode = opts.grads ?? (root.requiresGrad && root.data.length === 1 ? 'computed' : 'stored');
  if (mode !== 'computed' && mode !== 'stored') {
    throw new RangeError(`invalid argument. grads must be "computed" or "stored". Value: \`${String(mode)}\`.`);
  }
  const computed = mode === 'computed' ? replay(root, 'toGraphJson()').grads : null;
  const gradOf = (t: Tensor): number[] | null => {
    if (computed !== null) {
      const g = computed.get(t);
      return g === undefined ? null : Array.from(g);
    }
    return t.grad === null ? null : Array.from(t.grad.data);
  };
  return {
    nodes: nodes.map((t) => {
      const name = labels.get(t);
      return { id: nodeId(t), op: t.op, ...(name === undefined ? {} : { name }), shape: [...t.shape], value: Array.from(t.data), grad: gradOf(t) };
    }),
    edges: nodes.flatMap((t) => t._parents.map((p) => ({ from: nodeId(p), to: nodeId(t) }))),
  };
}

/**
 * The graph in Graphviz DOT: parameters (leaves that require grad) as filled ellipses, data and
 * constants as plain ellipses, ops as boxes with their value and gradient.
 *
 * @example
 * import { tensor, toDot } from '@gradstream/autograd';
 * const w = tensor([1, 2], { requiresGrad: true, name: 'w' });
 * console.log(toDot(w.mul(3).sum()).split('\n')[0]); // digraph autograd {
 */
export function toDot(root: Tensor, opts: GraphExportOptions = {}): string {
  const graph = toGraphJson(root, opts);
  const byId = new Map(allNodes(root).map((t) => [nodeId(t), t]));
  const lines = ['digraph autograd {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];'];
  for (const n of graph.nodes) {
    const t = byId.get(n.id)!;
    const head = n.op === 'leaf' ? (n.name ?? n.id) : `${n.name ?? n.id}\\n${n.op}`;
    const body = `${formatShape(n.shape)} = ${arr(n.value, 4)}${n.grad === null ? '' : `\\ngrad ${arr(n.grad, 4)}`}`;
    const style = n.op !== 'leaf' ? 'shape=box' : t.requiresGrad ? 'shape=ellipse, style=filled, fillcolor="#dbe9ff"' : 'shape=ellipse';
    lines.push(`  ${n.id} [label="${escape(head)}\\n${escape(body)}", ${style}];`);
  }
  for (const e of graph.edges) lines.push(`  ${e.from} -> ${e.to};`);
  lines.push('}');
  return lines.join('\n');
}

/** Quotes inside a DOT string; our own `\n` line breaks are kept. */
function escape(s: string): string {
  return s.replace(/"/g, '\\"');
}
