// Starts the page: reads the embedded data, builds the diagram, the stage controls, the details and the steps
// slider, and keeps them in step with one state (the step, the stage and the selection).

const data = JSON.parse(document.getElementById("explainer-data").textContent);
const state = { step: 0, stage: 0, selected: null };
const $ = (id) => document.getElementById(id);

let stages = buildStages(data, data.steps[0]);
const diagram = createDiagram($("diagram"), data, (sel) => select(sel));
const stepsView = createSteps($("steps"), data, (k) => { state.step = k; render(); });

const first = data.steps[0];
$("summary").textContent = `A ${[first.input.length].concat(first.layers.map((l) => l.neurons.length)).join("-")} network, ` +
  `${data.loss.name} loss, ${first.optimizer} with η = ${fmt(first.learning_rate, data.digits)}` +
  (data.steps.length > 1 ? `, ${data.steps.length} steps.` : ", one training step.");
$("legend").textContent = "Edges: blue positive, red negative weights, thicker for larger ones; in the backward pass and the update, " +
  "purple where ∂E/∂w > 0 and green where ∂E/∂w < 0, stronger for larger gradients." +
  (diagram.layout.labelsOnDemand ? " Point at, tab to or select a weight to see its label." : "");

const phaseButtons = phaseStarts(stages).map((p) => {
  const b = $("phases").appendChild(el("button", { type: "button", "data-phase": p.phase }, p.name));
  b.addEventListener("click", () => go(p.index));
  return b;
});

function go(s) {
  state.stage = Math.max(0, Math.min(stages.length - 1, s));
  render();
}

function select(sel) {
  state.selected = sel;
  $("search-status").textContent = "";
  render();
}

function render() {
  const step = data.steps[state.step];
  stages = buildStages(data, step);
  const stage = stages[state.stage];
  const view = stageView(stages, state.stage);
  $("stage-title").textContent = stage.title;
  renderNarration($("stage-text"), stage.text, data.digits);
  $("stage-count").textContent = `${state.stage + 1} / ${stages.length}`;
  $("stage").setAttribute("data-phase", stage.phase);
  $("first").disabled = $("prev").disabled = state.stage === 0;
  $("next").disabled = $("last").disabled = state.stage === stages.length - 1;
  phaseButtons.forEach((b) => {
    if (b.getAttribute("data-phase") === stage.phase) b.setAttribute("aria-current", "step");
    else b.removeAttribute("aria-current");
  });
  diagram.update(step, view, state.selected);
  showDetails($("details"), data, step, state.selected);
  stepsView.update(state.step, state.selected);
}

$("first").addEventListener("click", () => go(0));
$("prev").addEventListener("click", () => go(state.stage - 1));
$("next").addEventListener("click", () => go(state.stage + 1));
$("last").addEventListener("click", () => go(stages.length - 1));
$("diagram").addEventListener("click", () => select(null));

$("find").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("search").value;
  const found = findByName(data.steps[state.step], data, text);
  if (found) select(found);
  else $("search-status").textContent = text.trim() ? `No weight or neuron is named ${text.trim()}.` : "";
});

document.addEventListener("keydown", (event) => {
  const tag = event.target && event.target.tagName;
  if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.shiftKey && data.steps.length > 1 && (event.key === "ArrowRight" || event.key === "ArrowLeft")) {
    state.step = Math.max(0, Math.min(data.steps.length - 1, state.step + (event.key === "ArrowRight" ? 1 : -1)));
    render();
  } else if (event.key === "ArrowRight") go(state.stage + 1);
  else if (event.key === "ArrowLeft") go(state.stage - 1);
  else if (event.key === "Home") go(0);
  else if (event.key === "End") go(stages.length - 1);
  else if (event.key === "Escape") select(null);
  else return;
  event.preventDefault();
});

render();
