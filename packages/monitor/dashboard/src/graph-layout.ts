/**
 * A layered layout of a computation graph, from the inputs and parameters to the loss — left to
 * right, or top to bottom (the page's default: the lesson's graph is a long chain, which fits a
 * half-width panel when it runs downwards).
 *
 * Layer of a node = length of the longest path from a node with no inputs, so every edge goes
 * strictly forwards; then every input (a node with no inputs of its own) moves forward to just
 * before its first consumer, so `y` and constants sit next to the op that reads them instead of
 * sending long edges across the picture. Inside a layer, nodes are ordered by the mean position of
 * their inputs (one barycentre pass), which untangles the small graphs of a linear model. Pure: the
 * page turns the result into SVG.
 */

export interface LayoutInput {
  nodes: readonly { id: string }[];
  edges: readonly { from: string; to: string }[];
}

export interface PlacedNode {
  id: string;
  layer: number;
  /** Position inside its layer, 0 first (top, or left when the layers run downwards). */
  row: number;
  /** Centre of the node box. */
  x: number;
  y: number;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  layers: number;
  width: number;
  height: number;
}

export interface LayoutSizes {
  nodeWidth: number;
  nodeHeight: number;
  gapX: number;
  gapY: number;
  /** `right`: layers are columns; `down`: layers are rows. Default `right`. */
  direction?: 'right' | 'down';
}

const defaultSizes: LayoutSizes = { nodeWidth: 150, nodeHeight: 64, gapX: 46, gapY: 14, direction: 'right' };

/**
 * @example
 * import { layoutGraph } from './graph-layout.js';
 * const l = layoutGraph({ nodes: [{ id: 'x' }, { id: 'w' }, { id: 'y' }], edges: [{ from: 'x', to: 'y' }, { from: 'w', to: 'y' }] });
 * console.log(l.nodes.find((n) => n.id === 'y')!.layer); // 1
 */
export function layoutGraph(graph: LayoutInput, sizes: LayoutSizes = defaultSizes): GraphLayout {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const inputs = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) {
    if (!ids.has(e.from) || !ids.has(e.to)) {
      throw new RangeError(`invalid argument. every edge must join two nodes of the graph. Value: \`${JSON.stringify(e)}\`.`);
    }
    inputs.get(e.to)!.push(e.from);
  }

  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (id: string): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) throw new RangeError(`invalid argument. graph must be acyclic. Value: cycle through \`${id}\`.`);
    visiting.add(id);
    let d = 0;
    for (const from of inputs.get(id)!) d = Math.max(d, depth(from) + 1);
    visiting.delete(id);
    layer.set(id, d);
    return d;
  };
  for (const n of graph.nodes) depth(n.id);
  const consumers = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) consumers.get(e.from)!.push(e.to);
  for (const n of graph.nodes) {
    const next = consumers.get(n.id)!;
    if (inputs.get(n.id)!.length === 0 && next.length > 0) layer.set(n.id, Math.min(...next.map((c) => layer.get(c)!)) - 1);
  }

  const layerCount = graph.nodes.length === 0 ? 0 : Math.max(...layer.values()) + 1;
  const columns: string[][] = Array.from({ length: layerCount }, () => []);
  for (const n of graph.nodes) columns[layer.get(n.id)!].push(n.id);

  const row = new Map<string, number>();
  columns[0]?.forEach((id, i) => row.set(id, i));
  for (let l = 1; l < layerCount; l++) {
    const centre = (id: string) => {
      const from = inputs.get(id)!;
      if (from.length === 0) return 2; // an input moved forward: after the ops of its layer
      return from.reduce((s, f) => s + row.get(f)! / (columns[layer.get(f)!].length || 1), 0) / from.length;
    };
    // Stable sort keeps the export's order among equals.
    columns[l] = columns[l].map((id, i) => ({ id, i, c: centre(id) })).sort((a, b) => a.c - b.c || a.i - b.i).map((e) => e.id);
    columns[l].forEach((id, i) => row.set(id, i));
  }

  // Lay out along the layers (`along`) and across them (`across`), then map to x/y by direction.
  const down = sizes.direction === 'down';
  const alongSize = down ? sizes.nodeHeight : sizes.nodeWidth;
  const acrossSize = down ? sizes.nodeWidth : sizes.nodeHeight;
  const alongGap = down ? sizes.gapY : sizes.gapX;
  const acrossGap = down ? sizes.gapX : sizes.gapY;
  const span = (count: number, size: number, gap: number) => count * size + Math.max(0, count - 1) * gap;
  const widest = Math.max(0, ...columns.map((c) => c.length));
  const acrossTotal = span(widest, acrossSize, acrossGap);
  const alongTotal = span(layerCount, alongSize, alongGap);
  const nodes: PlacedNode[] = [];
  columns.forEach((column, l) => {
    const start = (acrossTotal - span(column.length, acrossSize, acrossGap)) / 2;
    column.forEach((id, r) => {
      const along = l * (alongSize + alongGap) + alongSize / 2;
      const across = start + r * (acrossSize + acrossGap) + acrossSize / 2;
      nodes.push({ id, layer: l, row: r, x: down ? across : along, y: down ? along : across });
    });
  });
  const width = down ? acrossTotal : alongTotal;
  const height = down ? alongTotal : acrossTotal;
  return { nodes, layers: layerCount, width, height };
}
