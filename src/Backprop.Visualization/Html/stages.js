// The stages of one step, in the blog's order: the network; the forward pass layer by layer; the loss term by
// term, then in total; the backward pass neuron by neuron from the outputs back; the update. Each stage says
// what the diagram shows and narrates its numbers (all read from the trace).

function layerName(step, l) {
  return l === step.layers.length - 1 ? "the output layer" : step.layers.length === 2 ? "the hidden layer" : `hidden layer ${l + 1}`;
}

/** The stages of a step; `d` is the page's number of digits. */
function buildStages(data, step) {
  const d = data.digits;
  const E = data.loss_label;
  const L = step.layers.length;
  const out = step.layers[L - 1];
  const num = (v, key) => ({ v, key });
  const stages = [{
    phase: "start", title: "The network before the step",
    text: [`${step.input.length} inputs, ${step.layers.map((l) => l.neurons.length).join("-")} neurons, loss ${data.loss.name}, `,
      `learning rate η = `, num(step.learning_rate, "eta"), `. Step with → or the buttons; choose a weight or neuron for its numbers.`],
  }];
  step.layers.forEach((layer, l) => {
    const text = [`Each neuron of ${layerName(step, l)} sums its weighted inputs and bias, net = Σ w·x + b, then out = ${layer.activation}(net).`];
    layer.neurons.slice(0, 4).forEach((n) => text.push(` net_${n.name} = `, num(n.net, `net:${n.name}`), `, out_${n.name} = `, num(n.out, `out:${n.name}`), `.`));
    if (layer.neurons.length > 4) text.push(` … (${layer.neurons.length} neurons: choose one for its numbers)`);
    stages.push({ phase: "forward", layer: l, title: `Forward pass: ${layerName(step, l)}`, text, current: { layer: l } });
  });
  out.neurons.forEach((n, k) => {
    stages.push({
      phase: "loss", term: k, title: `Loss: the term of ${n.name}`, current: { layer: L - 1, j: k },
      text: [`E_${n.name} = ${data.loss.term} with target `, num(n.target, `target:${n.name}`), ` and out `, num(n.out, `out:${n.name}`),
        ` = `, num(n.loss_term, `E:${n.name}`), `.`],
    });
  });
  stages.push({
    phase: "loss", term: out.neurons.length, title: `Loss: ${E}`, current: { layer: L - 1 },
    text: [`${E} = ${out.neurons.map((n) => "E_" + n.name).join(" + ")} = `, num(step.loss, "E"), `.`],
  });
  for (let l = L - 1; l >= 0; l--) {
    step.layers[l].neurons.forEach((n, j) => {
      stages.push({ phase: "backward", layer: l, neuron: j, title: `Backward pass: δ of ${n.name}`, current: { layer: l, j },
        flow: l < L - 1 ? { layer: l + 1, i: j } : null, text: deltaText(data, step, l, n, num) });
    });
  }
  const sgd = step.sgd;
  stages.push({
    phase: "update", title: "Update",
    text: sgd
      ? [`Each weight moves against its gradient, w⁺ = w − η·∂E/∂w with η = `, num(step.learning_rate, "eta"),
        `, all from the gradients of the weights before the step. Purple: ∂E/∂w > 0, the weight falls; green: ∂E/∂w < 0, it rises.`]
      : [`${step.optimizer} moved each weight from its gradient (before → after). Purple: ∂E/∂w > 0; green: ∂E/∂w < 0.`],
  });
  return stages;
}

function deltaText(data, step, l, n, num) {
  const E = data.loss_label;
  const layer = step.layers[l];
  const text = [];
  if (l === step.layers.length - 1) {
    text.push(`∂${E}/∂out_${n.name} = ${data.loss.derivative} = `, num(n.dE_dout, `dE_dout:${n.name}`), `. `);
  } else {
    text.push(`∂${E}/∂out_${n.name} = Σ δ·w over the neurons it feeds = `, num(n.dE_dout, `dE_dout:${n.name}`), `. `);
  }
  if (layer.activation === "softmax") {
    text.push(`After a softmax each net moves every out: δ_${n.name} = Σᵢ ∂${E}/∂outᵢ·∂outᵢ/∂net_${n.name} = `, num(n.delta, `delta:${n.name}`), `.`);
  } else {
    text.push(`δ_${n.name} = ∂${E}/∂out_${n.name} · ∂out_${n.name}/∂net_${n.name} = `, num(n.dE_dout, `dE_dout:${n.name}`), ` × `,
      num(n.dout_dnet, `dout_dnet:${n.name}`), ` = `, num(n.delta, `delta:${n.name}`), `.`);
  }
  return text;
}

/** What the diagram shows at stage `s`: how far the forward pass, the loss and the backward pass have come. */
function stageView(stages, s) {
  const stage = stages[s];
  const forward = stages.filter((x, k) => k <= s && x.phase === "forward").length;
  const past = stages.slice(0, s + 1);
  const lossTerms = past.filter((x) => x.phase === "loss").length;
  const deltas = new Set(past.filter((x) => x.phase === "backward").map((x) => `${x.layer}:${x.neuron}`));
  const update = stage.phase === "update";
  const afterForward = past.some((x) => x.phase === "loss" || x.phase === "backward") || update;
  return {
    phase: stage.phase,
    forwardDone: afterForward ? Infinity : forward,
    lossShown: (k) => update || deltas.size > 0 || k < lossTerms,
    deltaKnown: (layer, j) => update || deltas.has(`${layer}:${j}`),
    update,
    current: stage.current || null,
    flow: stage.flow || null,
  };
}

/** Writes a stage's narration: text, and each number in a span the browser tests read by its key. */
function renderNarration(node, parts, digits) {
  clear(node);
  for (const part of parts) {
    if (typeof part === "string") node.appendChild(document.createTextNode(part));
    else node.appendChild(el("span", { class: "num", "data-key": part.key }, fmt(part.v, digits)));
  }
}

/** The phase buttons: the first stage of each phase. */
function phaseStarts(stages) {
  const starts = [];
  const names = { start: "Network", forward: "Forward", loss: "Loss", backward: "Backward", update: "Update" };
  stages.forEach((x, k) => {
    if (!starts.some((p) => p.phase === x.phase)) starts.push({ phase: x.phase, name: names[x.phase], index: k });
  });
  return starts;
}
