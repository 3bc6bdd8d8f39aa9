// The network as SVG: built once (every step of a page has one network's shape), then updated per stage: the
// values on each neuron, each edge's colour and width (the weight's sign and size, or its gradient in the
// backward pass and the update), each label's text, and the selection.

function createDiagram(svg, data, onSelect) {
  const first = data.steps[0];
  const hasNames = { inputs: data.inputs.some((x) => x.name), outputs: data.outputs.some((x) => x.name) };
  const layout = layoutNetwork(first, hasNames);
  setAttrs(svg, { viewBox: `0 0 ${layout.width} ${layout.height}`, width: layout.width, height: layout.height, class: layout.dense ? "dense" : "" });
  const gEdges = svg.appendChild(sv("g", { class: "edges" }));
  const gBias = svg.appendChild(sv("g", { class: "biases" }));
  const gNeurons = svg.appendChild(sv("g", { class: "neurons" }));
  const gLabels = svg.appendChild(sv("g", { class: "labels" }));

  const heads = ["inputs"].concat(first.layers.map((l, index) =>
    `${index === first.layers.length - 1 ? "outputs" : "hidden " + (index + 1)} · ${l.activation}`));
  heads.forEach((text, c) => svg.appendChild(sv("text", { class: "column-head", x: layout.columns[c].x, y: 18, "text-anchor": "middle" }, text)));

  const select = (sel) => (event) => { event.stopPropagation(); onSelect(sel); };
  const keySelect = (sel) => (event) => {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); onSelect(sel); }
  };

  // Edges, then their labels on top of everything.
  const edges = layout.edges.map((e) => {
    const w = first.layers[e.layer].weights[e.k];
    const g = gEdges.appendChild(sv("g", { class: "edge", tabindex: 0, role: "button", "data-weight": w.name }));
    g.appendChild(sv("line", { class: "stroke", x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2 }));
    g.appendChild(sv("line", { class: "hit", x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2 }));
    const sel = { kind: "weight", layer: e.layer, j: e.j, i: e.i };
    g.addEventListener("click", select(sel));
    g.addEventListener("keydown", keySelect(sel));
    const label = gLabels.appendChild(sv("g", { class: "label", "data-weight": w.name }));
    const rect = label.appendChild(sv("rect", { rx: 3 }));
    const text = label.appendChild(sv("text", { "text-anchor": "middle", "dominant-baseline": "central", "data-key": `w:${w.name}` }));
    label.addEventListener("click", select(sel));
    return { e, g, label, rect, text, sel, place: null };
  });

  // Measure every label at its widest (the update's before → after) to place it once for all stages. In a dense
  // network the labels show one at a time, on demand, and each is placed when it first shows.
  const measure = (x) => {
    const w = first.layers[x.e.layer].weights[x.e.k];
    x.text.textContent = labelText(w, true);
    const box = x.text.getBBox();
    return { w: box.width, h: box.height };
  };
  const put = (x, p) => {
    x.place = p;
    setAttrs(x.text, { x: p.cx, y: p.cy });
  };
  if (layout.dense) {
    layout.labelsOnDemand = true;
    for (const x of edges) x.label.classList.add("on-demand");
  } else {
    const places = placeLabels(layout, edges.map(measure));
    // All labels at once only when each has a place of its own; else each on demand (hover, focus, selection).
    layout.labelsOnDemand = places.some((p) => !p.clear);
    places.forEach((p, index) => {
      put(edges[index], p);
      if (layout.labelsOnDemand) edges[index].label.classList.add("on-demand");
    });
  }
  layout.placeOnDemand = (x) => {
    if (x.place) return;
    const shown = x.label.classList.contains("shown");
    x.label.classList.add("shown"); // measurable only while displayed
    put(x, placeLabelOnDemand(layout, x.e, measure(x)));
    x.label.classList.toggle("shown", shown);
    fitLabel(x, first.layers[x.e.layer].weights[x.e.k], layout.showingUpdate);
  };
  for (const x of edges) {
    const show = (on) => () => {
      if (on) layout.placeOnDemand(x);
      x.label.classList.toggle("shown", on);
    };
    x.g.addEventListener("mouseenter", show(true));
    x.g.addEventListener("mouseleave", show(false));
    x.g.addEventListener("focus", show(true));
    x.g.addEventListener("blur", show(false));
  }

  layout.bias.forEach((b) => {
    if (!b) return;
    const g = gBias.appendChild(sv("g", { class: "bias" }));
    for (const n of layout.columns[b.layer + 1].neurons) g.appendChild(sv("line", { x1: b.x, y1: b.y, x2: n.x, y2: n.y }));
    b.rect = g.appendChild(sv("rect", { x: b.x - 38, y: b.y - 11, width: 76, height: 22, rx: 4 }));
    b.text = g.appendChild(sv("text", { x: b.x, y: b.y, "text-anchor": "middle", "dominant-baseline": "central", "data-key": `b:${b.layer}` }));
  });

  const neurons = layout.columns.map((column, c) => column.neurons.map((n, j) => {
    const layer = c - 1;
    const g = gNeurons.appendChild(sv("g", { class: "neuron", tabindex: 0, role: "button" }));
    const title = g.appendChild(sv("title"));
    g.appendChild(sv("circle", { cx: n.x, cy: n.y, r: layout.r }));
    const name = layer < 0 ? data.inputs[j].label : first.layers[layer].neurons[j].name;
    g.appendChild(sv("text", { class: "name", x: n.x, y: n.y, "text-anchor": "middle", "dominant-baseline": "central" }, name));
    const lines = [];
    if (!layout.dense) {
      g.appendChild(sv("rect", { class: "badge", x: n.x - 42, y: n.y + layout.r + 2, width: 84, height: layout.badge - 3, rx: 3 }));
      for (let k = 0; k < 2; k++) {
        lines.push(g.appendChild(sv("text", {
          class: "value", x: n.x, y: n.y + layout.r + 11 + 14 * k, "text-anchor": "middle", "dominant-baseline": "central",
          "data-key": `n:${layer}:${j}:${k}`,
        })));
      }
    }
    const given = layer < 0 ? data.inputs[j].name : c === layout.columns.length - 1 ? data.outputs[j].name : null;
    if (given) {
      const side = layer < 0 ? -1 : 1;
      g.appendChild(sv("text", {
        class: "given", x: n.x + side * (layout.r + 8), y: n.y, "text-anchor": side < 0 ? "end" : "start", "dominant-baseline": "central",
      }, shortName(given, 20)));
    }
    const sel = { kind: "neuron", layer, j };
    g.addEventListener("click", select(sel));
    g.addEventListener("keydown", keySelect(sel));
    return { g, title, lines, name, given, sel };
  }));

  return {
    layout,
    update(step, view, selected) { updateDiagram(data, layout, edges, neurons, step, view, selected); },
  };
}

/** A weight's label: its name and value, or in the update its value before → after. */
function labelText(w, update) {
  return update ? `${w.name} ${fmt(w.before, 4)}→${fmt(w.after, 4)}` : `${w.name} ${fmt(w.before, 4)}`;
}

/** Sets a placed label's text for the stage, on its background. */
function fitLabel(x, w, update) {
  x.text.textContent = labelText(w, update);
  setAttrs(x.rect, { x: x.place.cx - x.place.w / 2, y: x.place.cy - x.place.h / 2, width: x.place.w, height: x.place.h });
}

function updateDiagram(data, layout, edges, neurons, step, view, selected) {
  layout.showingUpdate = view.update;
  if (edges.length) edges[0].g.ownerSVGElement.classList.toggle("has-selection", Boolean(selected));
  const weights = step.layers.flatMap((l) => l.weights);
  const maxW = Math.max(1e-12, ...weights.map((w) => Math.abs(view.update ? w.after : w.before)));
  // Gradients shrink layer by layer back from the output: each layer's colours are scaled to its own largest.
  const maxG = step.layers.map((l) => Math.max(1e-300, ...l.weights.map((w) => Math.abs(w.dE_dw))));
  for (const x of edges) {
    const w = step.layers[x.e.layer].weights[x.e.k];
    const known = view.update || view.deltaKnown(x.e.layer, x.e.j);
    const flow = view.flow && view.flow.layer === x.e.layer && view.flow.i === x.e.i;
    const cls = flow ? "flow" : known ? (w.dE_dw >= 0 ? "grad-pos" : "grad-neg") : w.before >= 0 ? "pos" : "neg";
    const isSelected = selected && selected.kind === "weight" && selected.layer === x.e.layer && selected.j === x.e.j && selected.i === x.e.i;
    x.g.setAttribute("class", `edge ${cls}${isSelected ? " selected" : ""}`);
    const value = view.update ? w.after : w.before;
    const stroke = x.g.firstChild;
    stroke.setAttribute("stroke-width", (0.8 + 4.2 * Math.abs(value) / maxW).toFixed(2));
    stroke.setAttribute("stroke-opacity", isSelected ? "1" : known && !flow ? (0.3 + 0.7 * Math.abs(w.dE_dw) / maxG[x.e.layer]).toFixed(2) : "0.85");
    x.g.setAttribute("aria-label", `${w.name}, ${w.unambiguous}: weight into ${w.to} from ${w.from}, ${fmt(w.before, data.digits)}` +
      (view.update ? `, after the update ${fmt(w.after, data.digits)}` : known ? `, ∂E/∂w ${fmt(w.dE_dw, data.digits)}` : ""));
    if (isSelected) layout.placeOnDemand(x);
    x.label.classList.toggle("selected", Boolean(isSelected));
    x.label.classList.toggle("pinned", Boolean(isSelected));
    if (x.place) fitLabel(x, w, view.update);
  }
  for (const b of layout.bias) {
    if (!b) continue;
    const l = step.layers[b.layer];
    const first = l.neurons[0].bias;
    const shared = l.neurons.every((n) => n.bias.name === first.name);
    b.text.textContent = shared ? `${first.name} ${fmt(view.update ? first.after : first.before, 4)}` : `b, layer ${b.layer + 1}`;
  }
  neurons.forEach((column, c) => column.forEach((n, j) => {
    const layer = c - 1;
    const lines = neuronLines(data, step, view, layer, j);
    n.lines.forEach((t, k) => { t.textContent = lines[k] || ""; });
    const neuron = layer >= 0 ? step.layers[layer].neurons[j] : null;
    const done = layer < 0 || view.forwardDone > layer;
    const isSelected = selected && selected.kind === "neuron" && selected.layer === layer && selected.j === j;
    const current = view.current && view.current.layer === layer && (view.current.j === undefined || view.current.j === j);
    n.g.setAttribute("class", `neuron${done ? " done" : ""}${current ? " current" : ""}${isSelected ? " selected" : ""}`);
    const summary = [n.name, n.given ? `(${n.given})` : ""].concat(lines.length ? lines : neuron ? ["not yet computed"] : []).join(" ").trim();
    n.title.textContent = layout.dense && neuron && done ? `${summary}; out ${fmt(neuron.out, 4)}` : summary;
    n.g.setAttribute("aria-label", n.title.textContent);
  }));
}

/** The two lines under a neuron at this stage: its input value; net and out; out and E; out and δ. */
function neuronLines(data, step, view, layer, j) {
  if (layer < 0) return [`${fmt(step.input[j], 4)}`];
  const n = step.layers[layer].neurons[j];
  if (view.deltaKnown(layer, j) || view.update) return [`out ${fmt(n.out, 4)}`, `δ ${fmt(n.delta, 4)}`];
  if (layer === step.layers.length - 1 && view.lossShown(j)) return [`out ${fmt(n.out, 4)}`, `E ${fmt(n.loss_term, 4)}`];
  if (view.forwardDone > layer) return [`net ${fmt(n.net, 4)}`, `out ${fmt(n.out, 4)}`];
  return [];
}
