/**
 * The computation graph of one step, laid out in layers (inputs left, loss right), with the value
 * and the gradient on every node — what `.backward()` filled in.
 */
import type { GraphJson, GraphNodeJson } from '@gradstream/events';
import { el, fill } from '../dom.js';
import { formatNumber } from '../format.js';
import { layoutGraph } from '../graph-layout.js';
import type { RunStore } from '../store.js';

const SVG = 'http://www.w3.org/2000/svg';
const sizes = { nodeWidth: 232, nodeHeight: 62, gapX: 18, gapY: 30, direction: 'down' as const };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  e.append(...children);
  return e;
}

/** A few numbers of a tensor: `[a, b, c, …]` with the total count when cut. */
export function preview(values: readonly number[] | null, max = 2): string {
  if (values === null) return '–';
  const head = values.slice(0, max).map((v) => formatNumber(v, 4));
  return values.length === 1 ? head[0] : `[${head.join(', ')}${values.length > max ? `, … ${values.length}` : ''}]`;
}

function kind(n: GraphNodeJson, isOutput: boolean): string {
  if (isOutput) return 'output';
  if (n.op !== 'leaf') return 'op';
  return n.grad ? 'param' : 'input';
}

export function graphPanel(root: HTMLElement): { update(store: RunStore): void; readonly nodes: number } {
  let shown: GraphJson | null | undefined;
  let nodes = 0;
  return {
    update(store) {
      const graph = store.explain?.graph ?? null;
      if (graph === shown) return;
      shown = graph;
      if (!graph) {
        nodes = 0;
        fill(root, el('p', { class: 'empty' }, 'No computation graph yet: it comes with the first explained step.'));
        return;
      }
      nodes = graph.nodes.length;
      fill(root, draw(graph));
    },
    get nodes() {
      return nodes;
    },
  };
}

function draw(graph: GraphJson): HTMLElement {
  const layout = layoutGraph(graph, sizes);
  const pad = 8;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const at = new Map(layout.nodes.map((p) => [p.id, p]));
  const feeds = new Set(graph.edges.map((e) => e.from));
  const root = svg('svg', {
    viewBox: `${-pad} ${-pad} ${layout.width + 2 * pad} ${layout.height + 2 * pad}`,
    // Scales down to the panel's width, never up (the text stays at its designed size at most), and not below 3/4 of
    // it: an MLP's graph shrunk to its panel had ~4 px text; a wider graph scrolls (.graph-scroll) instead.
    style: `max-width: ${layout.width + 2 * pad}px; min-width: ${Math.round(0.75 * (layout.width + 2 * pad))}px`,
    role: 'img',
    'aria-label': 'computation graph',
    'data-testid': 'graph-svg',
  });
  root.append(
    svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }))),
  );
  for (const e of graph.edges) {
    const a = at.get(e.from)!;
    const b = at.get(e.to)!;
    // From the bottom of the input to the top of its consumer.
    const y1 = a.y + sizes.nodeHeight / 2;
    const y2 = b.y - sizes.nodeHeight / 2;
    const mid = (y1 + y2) / 2;
    root.append(svg('path', { d: `M ${a.x} ${y1} C ${a.x} ${mid}, ${b.x} ${mid}, ${b.x} ${y2}`, class: 'edge', 'marker-end': 'url(#arrow)' }));
  }
  for (const p of layout.nodes) {
    const n = byId.get(p.id)!;
    const left = p.x - sizes.nodeWidth / 2;
    const top = p.y - sizes.nodeHeight / 2;
    const title = n.op === 'leaf' ? (n.name ?? n.id) : n.name ? `${n.op} · ${n.name}` : n.op;
    const shape = n.shape.length === 0 ? 'scalar' : n.shape.join('×');
    root.append(
      svg(
        'g',
        { class: `node ${kind(n, !feeds.has(n.id))}`, 'data-testid': `graph-node-${n.id}` },
        svg('title', {}, `${title} (${shape})\nvalue: ${n.value.map((v) => formatNumber(v)).join(', ')}\ngrad: ${n.grad ? n.grad.map((v) => formatNumber(v)).join(', ') : 'none'}`),
        svg('rect', { x: left, y: top, width: sizes.nodeWidth, height: sizes.nodeHeight, rx: 7 }),
        svg('text', { x: left + 8, y: top + 17, class: 'node-title' }, title, svg('tspan', { class: 'node-shape', dx: 6 }, shape)),
        svg('text', { x: left + 8, y: top + 36, class: 'node-value' }, 'value ', preview(n.value)),
        svg('text', { x: left + 8, y: top + 54, class: 'node-grad' }, 'grad ', preview(n.grad)),
      ),
    );
  }
  return el('div', { class: 'graph-scroll' }, root as unknown as Node);
}
