// Several steps: a slider through them, the loss of each step (E before its update) as a curve, and, when a weight
// is selected, that weight's value before each step beside it.

function createSteps(section, data, onStep) {
  const steps = data.steps;
  if (steps.length < 2) return { update() {} };
  section.hidden = false;
  const slider = section.querySelector("#step-slider");
  const caption = section.querySelector("#step-caption");
  const svg = section.querySelector("#curve");
  setAttrs(slider, { max: steps.length - 1, value: 0, "aria-valuetext": steps[0].caption });
  slider.addEventListener("input", () => onStep(Number(slider.value)));

  const W = 900, H = 190, pad = { l: 70, r: 70, t: 14, b: 30 };
  setAttrs(svg, { viewBox: `0 0 ${W} ${H}` });
  const x = (k) => pad.l + (steps.length === 1 ? 0 : (k * (W - pad.l - pad.r)) / (steps.length - 1));
  const losses = steps.map((s) => s.loss);
  const scale = (values) => {
    const lo = Math.min(...values), hi = Math.max(...values);
    const span = hi - lo || Math.abs(hi) || 1;
    return { lo, hi, y: (v) => pad.t + (H - pad.t - pad.b) * (1 - (v - lo) / span) };
  };
  const ls = scale(losses);
  svg.appendChild(sv("line", { class: "curve-axis", x1: pad.l, y1: H - pad.b, x2: W - pad.r, y2: H - pad.b }));
  svg.appendChild(sv("line", { class: "curve-axis", x1: pad.l, y1: pad.t, x2: pad.l, y2: H - pad.b }));
  svg.appendChild(sv("text", { x: pad.l - 6, y: pad.t + 4, "text-anchor": "end" }, fmt(ls.hi, 3)));
  svg.appendChild(sv("text", { x: pad.l - 6, y: H - pad.b, "text-anchor": "end" }, fmt(ls.lo, 3)));
  svg.appendChild(sv("text", { x: pad.l, y: H - 8 }, `${data.loss_label} per step (before its update)`));
  svg.appendChild(sv("text", { x: W - pad.r, y: H - 8, "text-anchor": "end" }, `${steps.length} steps`));
  svg.appendChild(sv("polyline", { class: "curve-line", points: losses.map((v, k) => `${x(k).toFixed(1)},${ls.y(v).toFixed(1)}`).join(" ") }));
  const weightLine = svg.appendChild(sv("polyline", { class: "weight-line" }));
  const weightText = svg.appendChild(sv("text", { class: "weight-text", x: W / 2, y: H - 8, "text-anchor": "middle" }));
  const mark = svg.appendChild(sv("circle", { class: "curve-mark", r: 5 }));
  svg.addEventListener("click", (event) => {
    const box = svg.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * W;
    const k = Math.round(((px - pad.l) / (W - pad.l - pad.r)) * (steps.length - 1));
    onStep(Math.max(0, Math.min(steps.length - 1, k)));
  });

  return {
    update(k, selected) {
      slider.value = String(k);
      slider.setAttribute("aria-valuetext", `${steps[k].caption}, ${data.loss_label} ${fmt(steps[k].loss, data.digits)}`);
      caption.textContent = `${steps[k].caption}: ${data.loss_label} = ${fmt(steps[k].loss, data.digits)}`;
      caption.setAttribute("data-key", "step-loss");
      setAttrs(mark, { cx: x(k), cy: ls.y(steps[k].loss) });
      if (selected && selected.kind === "weight") {
        const values = steps.map((s) => s.layers[selected.layer].weights[selected.j * s.layers[selected.layer].input.length + selected.i].before);
        const ws = scale(values);
        weightLine.setAttribute("points", values.map((v, n) => `${x(n).toFixed(1)},${ws.y(v).toFixed(1)}`).join(" "));
        const name = steps[k].layers[selected.layer].weights[selected.j * steps[k].layers[selected.layer].input.length + selected.i].name;
        weightText.textContent = `${name}: ${fmt(ws.lo, 3)}…${fmt(ws.hi, 3)}`;
        svg.setAttribute("aria-label", `The loss of each step, and ${name} before each step`);
      } else {
        weightLine.setAttribute("points", "");
        weightText.textContent = "";
        svg.setAttribute("aria-label", "The loss of each step");
      }
    },
  };
}
