// Where the diagram's parts go: neurons in columns, an edge per weight, each layer's bias below the column that
// feeds it (as the blog draws b1 and b2), and each weight's label on its own edge, near its source end, at a place
// where it covers no other label, neuron or crossing.

/** What a label's place costs: covering a label or neuron outweighs any number of lines at its centre, which
 * outweighs any number of lines crossing its box (8 each) and the distance from its preferred place (at most 4). */
const OVERLAP_COST = 1e6;
const ON_LINE_COST = 1000;

/** Beyond this many weights the labels appear on demand (hover, focus or selection), not all at once. */
const DENSE_EDGES = 40;

function layoutNetwork(step, hasNames) {
  const layers = step.layers;
  const sizes = [step.input.length].concat(layers.map((l) => l.neurons.length));
  const edgeCount = layers.reduce((n, l) => n + l.weights.length, 0);
  const dense = edgeCount > DENSE_EDGES;
  const tallest = Math.max.apply(null, sizes);
  const r = dense ? 15 : 24;
  const dy = dense ? 40 : tallest > 3 ? 100 : 130;
  const dx = dense ? 240 : 320;
  const left = hasNames.inputs ? 160 : 70;
  const right = hasNames.outputs ? 170 : 70;
  const top = 44;
  const badge = dense ? 0 : 34;
  const biasRow = dense ? 0 : 58;
  const columns = sizes.map((n, c) => ({
    x: left + c * dx,
    neurons: Array.from({ length: n }, (_, j) => ({ x: left + c * dx, y: top + r + ((tallest - n) / 2 + j) * dy })),
  }));
  const bottom = top + r + (tallest - 1) * dy + r + badge;
  const bias = dense ? [] : layers.map((l, index) =>
    l.bias_mode === "None" ? null : { layer: index, x: columns[index].x, y: bottom + biasRow / 2 + 4 });
  const edges = [];
  layers.forEach((layer, l) => {
    const n = layer.neurons.length;
    layer.weights.forEach((w, k) => {
      const from = columns[l].neurons[w.column], to = columns[l + 1].neurons[w.row];
      edges.push({ layer: l, j: w.row, i: w.column, k, targets: n, x1: from.x, y1: from.y, x2: to.x, y2: to.y });
    });
  });
  return {
    width: left + (sizes.length - 1) * dx + right,
    height: bottom + biasRow + 8,
    sizes, dense, r, badge, top, columns, bias, edges,
  };
}

/** The segments a label must keep clear of: every weight edge and every bias line. */
function layoutSegments(layout) {
  const segments = layout.edges.map((e) => ({ x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2, edge: e }));
  for (const b of layout.bias) {
    if (!b) continue;
    for (const n of layout.columns[b.layer + 1].neurons) segments.push({ x1: b.x, y1: b.y, x2: n.x, y2: n.y, edge: null });
  }
  return segments;
}

/** The boxes no label may cover: the neurons with their value badges, and the bias nodes. */
function layoutObstacles(layout) {
  const boxes = [];
  const r = layout.r + 3;
  for (const column of layout.columns) {
    for (const n of column.neurons) {
      boxes.push({ x: n.x - r, y: n.y - r, w: 2 * r, h: 2 * r });
      if (layout.badge) boxes.push({ x: n.x - 44, y: n.y + layout.r + 1, w: 88, h: layout.badge });
    }
  }
  for (const b of layout.bias) if (b) boxes.push({ x: b.x - 40, y: b.y - 12, w: 80, h: 24 });
  return boxes;
}

/**
 * Chooses each label's centre on its own edge. The preferred place is a fraction along the edge that differs per
 * target neuron (so the labels of one source's edges stand apart), near the source end (away from the crossings
 * in the middle); from there it tries the edge's other places and keeps the one that costs least: covering
 * another label, a neuron or a badge is worst, sitting on another line next, crossing one last. A label that
 * found no place clear of the others has clear: false (the diagram then shows the labels on demand).
 * @param sizes for each edge of layout.edges, the {w, h} of its widest label text
 */
function placeLabels(layout, sizes) {
  const near = segmentsByGap(layout);
  const obstacles = layoutObstacles(layout);
  const placed = [];
  return layout.edges.map((e, index) => {
    const p = placeLabel(e, sizes[index], near, obstacles, placed, { from: 0.1, to: 0.72, step: 0.01 });
    placed.push(p.box);
    return p;
  });
}

/** One label shown on demand (one at a time, in a dense network): clear of lines and neurons, anywhere on its edge. */
function placeLabelOnDemand(layout, e, size) {
  if (!layout.near) layout.near = segmentsByGap(layout);
  if (!layout.obstacles) layout.obstacles = layoutObstacles(layout);
  return placeLabel(e, size, layout.near, layout.obstacles, [], { from: 0.04, to: 0.96, step: 0.004 });
}

/** The segments by the gap between two columns they cross: only those of a label's own gap can come near it. */
function segmentsByGap(layout) {
  const byGap = new Map();
  for (const s of layoutSegments(layout)) {
    const key = Math.round(Math.min(s.x1, s.x2));
    if (!byGap.has(key)) byGap.set(key, []);
    byGap.get(key).push(s);
  }
  return (e) => byGap.get(Math.round(Math.min(e.x1, e.x2))) || [];
}

function placeLabel(e, size, near, obstacles, placed, range) {
  const w = size.w + 8, h = size.h + 4;
  const preferred = 0.25 + (e.targets > 1 ? (0.2 * e.j) / (e.targets - 1) : 0);
  let best = null;
  for (let t = range.from; t <= range.to; t += range.step) {
    const cx = e.x1 + t * (e.x2 - e.x1), cy = e.y1 + t * (e.y2 - e.y1);
    const box = { x: cx - w / 2, y: cy - h / 2, w, h };
    let cost = Math.abs(t - preferred) * 4;
    for (const p of placed) if (boxesOverlap(box, p)) cost += OVERLAP_COST;
    for (const o of obstacles) if (boxesOverlap(box, o)) cost += OVERLAP_COST;
    for (const s of near(e)) {
      if (s.edge === e) continue;
      if (segmentDistance(cx, cy, s.x1, s.y1, s.x2, s.y2) < 5) cost += ON_LINE_COST;
      else if (segmentHitsBox(s, box)) cost += 8;
    }
    if (!best || cost < best.cost) best = { cost, cx, cy, box };
  }
  return { cx: best.cx, cy: best.cy, w, h, box: best.box, clear: best.cost < ON_LINE_COST };
}
