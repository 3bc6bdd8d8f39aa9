// The details panel: a weight's chain rule factor by factor (with the finite-difference estimate and the update),
// a neuron's net, out, f′(net), ∂E/∂out and δ with where each came from, or, with nothing selected, the step's
// inputs, outputs and loss. Every value is the trace's; each number carries the key the browser tests read.

function showDetails(panel, data, step, selected) {
  clear(panel);
  if (selected && selected.kind === "weight") weightDetails(panel, data, step, selected);
  else if (selected && selected.kind === "neuron" && selected.layer >= 0) neuronDetails(panel, data, step, selected);
  else if (selected && selected.kind === "neuron") inputDetails(panel, data, step, selected.j);
  else overview(panel, data, step);
}

function table(panel, caption) {
  const t = panel.appendChild(el("table"));
  if (caption) t.appendChild(el("caption", { class: "note" }, caption));
  return t.appendChild(el("tbody"));
}

function weightDetails(panel, data, step, sel) {
  const d = data.digits;
  const E = data.loss_label;
  const layer = step.layers[sel.layer];
  const w = layer.weights[sel.j * layer.input.length + sel.i];
  const to = layer.neurons[sel.j];
  panel.appendChild(el("h3", { "data-key": "title" }, w.name === w.unambiguous ? w.name : `${w.name} = ${w.unambiguous}`));
  panel.appendChild(el("p", { class: "note" }, `The weight into ${w.to} from ${w.from}, ${layerName(step, sel.layer)}.`));
  panel.appendChild(el("p", { class: "formula" }, `∂${E}/∂${w.name} = ` + w.factors.map((f) => f.label.split(" = ")[0]).join(" × ")));
  const chain = table(panel, "The chain rule, factor by factor");
  w.factors.forEach((f, k) => chain.appendChild(row([f.label, numCell(f.value, d, `factor${k}`)])));
  chain.appendChild(row([`product = ∂${E}/∂${w.name}`, numCell(w.product, d, "product")], { class: "total" }));
  chain.appendChild(row(["backpropagation's ∂E/∂w", numCell(w.dE_dw, d, "gradient")]));
  if (w.finite_difference !== null && w.finite_difference !== undefined) {
    chain.appendChild(row(["finite-difference estimate", numCell(w.finite_difference, d, "fd")]));
  } else {
    panel.appendChild(el("p", { class: "note" }, "No finite-difference estimate: record the step with finiteDifferences: true (explain --finite-differences)."));
  }
  if (to.dE_dout_terms.length > 0) {
    panel.appendChild(el("p", { class: "formula" }, `∂${E}/∂out_${w.to} = ` + to.dE_dout_terms.map((t) => t.label.split(" = ")[0]).join(" + ")));
    const terms = table(panel, `∂${E}/∂out_${w.to}, the first factor, sums what ${w.to} passes on`);
    to.dE_dout_terms.forEach((t, k) => terms.appendChild(row([t.label, numCell(t.value, d, `term${k}`)])));
    terms.appendChild(row([`∂${E}/∂out_${w.to}`, numCell(to.dE_dout, d, "dE_dout")], { class: "total" }));
  }
  const update = table(panel, "The update");
  update.appendChild(row([`${w.name} before`, numCell(w.before, d, "before")]));
  if (step.sgd) {
    update.appendChild(row([`η·∂E/∂${w.name} = ${fmt(step.learning_rate, d)} × ${fmt(w.dE_dw, d)}`, numCell(w.eta_gradient, d, "eta_gradient")]));
    update.appendChild(row([`${w.name}⁺ = ${w.name} − η·∂E/∂${w.name}`, numCell(w.after, d, "after")], { class: "total" }));
  } else {
    update.appendChild(row([`change (${step.optimizer})`, numCell(w.change, d, "change")]));
    update.appendChild(row([`${w.name} after`, numCell(w.after, d, "after")], { class: "total" }));
  }
}

function neuronDetails(panel, data, step, sel) {
  const d = data.digits;
  const E = data.loss_label;
  const L = step.layers.length;
  const layer = step.layers[sel.layer];
  const n = layer.neurons[sel.j];
  const given = sel.layer === L - 1 ? data.outputs[sel.j].name : null;
  panel.appendChild(el("h3", { "data-key": "title" }, given ? `${n.name}: ${given}` : n.name));
  panel.appendChild(el("p", { class: "note" }, `A neuron of ${layerName(step, sel.layer)} (${layer.activation}).`));

  const net = table(panel, `net_${n.name} = Σ w·x + b`);
  n.net_terms.forEach((t, k) => net.appendChild(row([`${t.weight}·${sel.layer > 0 ? "out_" : ""}${t.input} = ${fmt(t.w, d)} × ${fmt(t.x, d)}`, numCell(t.product, d, `net_term${k}`)])));
  if (n.bias) net.appendChild(row([`${n.bias.name}${layer.bias_mode === "Frozen" ? " (frozen)" : ""}`, numCell(n.bias.before, d, "bias")]));
  net.appendChild(row([`net_${n.name}`, numCell(n.net, d, "net")], { class: "total" }));

  const fwd = table(panel, "out and its derivative");
  fwd.appendChild(row([`out_${n.name} = ${layer.activation}(net_${n.name})`, numCell(n.out, d, "out")]));
  if (n.mask !== undefined) fwd.appendChild(row([`dropout: mask m, out′ = out·m/(1 − p), p = ${fmt(layer.dropout, d)}`, numCell(n.dropped_out, d, "dropped_out")]));
  fwd.appendChild(row([`∂out_${n.name}/∂net_${n.name} = ${derivativeRule(layer.activation)}`, numCell(n.dout_dnet, d, "dout_dnet")]));

  const back = table(panel, sel.layer === L - 1 ? `From the loss (${data.loss.name})` : `From the neurons ${n.name} feeds`);
  if (sel.layer === L - 1) {
    back.appendChild(row([`target_${n.name}`, numCell(n.target, d, "target")]));
    back.appendChild(row([`E_${n.name} = ${data.loss.term}`, numCell(n.loss_term, d, "loss_term")]));
    back.appendChild(row([`∂${E}/∂out_${n.name} = ${data.loss.derivative}`, numCell(n.dE_dout, d, "dE_dout")]));
  } else {
    n.dE_dout_terms.forEach((t, k) => back.appendChild(row([t.label, numCell(t.value, d, `term${k}`)])));
    back.appendChild(row([`∂${E}/∂out_${n.name} = the sum`, numCell(n.dE_dout, d, "dE_dout")], { class: "total" }));
  }
  const deltaLabel = layer.activation === "softmax"
    ? `δ_${n.name} = Σᵢ ∂${E}/∂outᵢ·∂outᵢ/∂net_${n.name}`
    : `δ_${n.name} = ∂${E}/∂out_${n.name} · ∂out_${n.name}/∂net_${n.name}`;
  back.appendChild(row([deltaLabel, numCell(n.delta, d, "delta")], { class: "total" }));
  if (n.bias && layer.bias_mode === "Trainable") {
    back.appendChild(row([`${n.bias.name}: ∂E/∂b = δ, before → after ${fmt(n.bias.before, d)} →`, numCell(n.bias.after, d, "bias_after")]));
  }
}

function inputDetails(panel, data, step, j) {
  const input = data.inputs[j];
  panel.appendChild(el("h3", { "data-key": "title" }, input.name ? `${input.label}: ${input.name}` : input.label));
  const t = table(panel, "An input of the network");
  t.appendChild(row([`${input.label}`, numCell(step.input[j], data.digits, "value")]));
}

function overview(panel, data, step) {
  const d = data.digits;
  panel.appendChild(el("h3", null, "The step"));
  panel.appendChild(el("p", { class: "note" }, "Choose a weight or a neuron (click it, tab to it and press Enter, or type its name above) for its numbers."));
  const inputs = table(panel, "Inputs");
  data.inputs.forEach((x, j) => inputs.appendChild(row([x.name ? `${x.label}: ${x.name}` : x.label, numCell(step.input[j], d, `input${j}`)])));
  const outs = table(panel, `Outputs: target, out and E (${data.loss.name})`);
  const last = step.layers[step.layers.length - 1];
  data.outputs.forEach((o, k) => {
    const n = last.neurons[k];
    outs.appendChild(row([o.name ? `${o.label}: ${o.name}` : o.label, numCell(n.target, d, `target${k}`), numCell(n.out, d, `out${k}`),
      numCell(n.loss_term, d, `E${k}`)]));
  });
  outs.appendChild(row([data.loss_label, el("td"), el("td"), numCell(step.loss, d, "E")], { class: "total" }));
}

/** Finds a weight or neuron by what was typed: w5, w[h1←i2] (or w[h1<-i2]), h1, i2 or l2:j3. */
function findByName(step, data, text) {
  const q = text.trim().replace(/<-/g, "←").replace(/\s+/g, "").toLowerCase();
  if (!q) return null;
  const squash = (s) => s.replace(/\s+/g, "").toLowerCase();
  for (let l = 0; l < step.layers.length; l++) {
    for (const w of step.layers[l].weights) {
      if (squash(w.name) === q || squash(w.unambiguous) === q) return { kind: "weight", layer: l, j: w.row, i: w.column };
    }
    const j = step.layers[l].neurons.findIndex((n) => squash(n.name) === q);
    if (j >= 0) return { kind: "neuron", layer: l, j };
  }
  const i = data.inputs.findIndex((x) => squash(x.label) === q);
  return i >= 0 ? { kind: "neuron", layer: -1, j: i } : null;
}
