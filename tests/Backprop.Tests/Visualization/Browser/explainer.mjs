// Drives an explainer page in Chromium as a person would and reports, as JSON on stdout, what it showed:
//   node explainer.mjs PLAN.json
// The plan names the page, a folder for screenshots, the weights and neurons to select (by the search box, a click
// or the Tab key), the screenshots to take and the steps to visit. Every stage is stepped through with the arrow
// key; at each one the report has the narration's numbers, the diagram's texts, and any pair of visible SVG texts
// whose boxes overlap or any weight label whose centre sits on another line. Every request other than the page's
// own, every console error, page error and dialog is reported too (the tests fail on any).
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const plan = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const executablePath = process.env.BACKPROP_CHROMIUM || "/usr/bin/chromium";
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "backprop-chromium-"));
const pageUrl = pathToFileURL(path.resolve(plan.page)).href;
const report = { errors: [], requests: [], dialogs: [], stages: [], selections: {}, shots: [], steps: [] };

const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: plan.viewport || { width: 1280, height: 900 },
  deviceScaleFactor: 1,
  colorScheme: plan.colorScheme || "light",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
try {
  context.on("request", (r) => { if (r.url() !== pageUrl) report.requests.push(r.url()); });
  await context.route("**/*", (route) => (route.request().url() === pageUrl ? route.continue() : route.abort()));
  const page = context.pages()[0] || (await context.newPage());
  page.on("console", (m) => { if (m.type() === "error") report.errors.push(`console ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => report.errors.push(`page error: ${e.message}`));
  page.on("dialog", async (d) => { report.dialogs.push(d.message()); await d.dismiss(); });
  await page.goto(pageUrl, { waitUntil: "load" });

  report.title = await page.title();
  report.bodyText = await page.evaluate(() => document.body.innerText);
  report.images = await page.evaluate(() => document.querySelectorAll("img, iframe, object, embed").length);
  report.noHorizontalScroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  // Every stage, by the arrow key, from the first to the last.
  await page.keyboard.press("Home");
  for (let guard = 0; guard < 1000; guard++) {
    report.stages.push(await inPage(page, readStage));
    if (await page.isDisabled("#next")) break;
    await page.keyboard.press("ArrowRight");
  }

  for (const sel of plan.select || []) {
    await select(page, sel);
    await goToStage(page, sel.stage ?? 0);
    report.selections[sel.name] = await inPage(page, readDetails);
    report.selections[sel.name].checks = await inPage(page, checkTexts);
  }

  for (const k of plan.steps || []) {
    await page.$eval("#step-slider", (s, v) => { s.value = String(v); s.dispatchEvent(new Event("input", { bubbles: true })); }, k);
    const entry = await page.evaluate(() => ({
      caption: document.getElementById("step-caption").textContent,
      curvePoints: document.querySelector("#curve .curve-line").getAttribute("points").split(" ").length,
    }));
    entry.step = k;
    if (plan.stepSelect) {
      await select(page, { name: plan.stepSelect, by: "search" });
      entry.details = await inPage(page, readDetails);
    }
    report.steps.push(entry);
  }

  fs.mkdirSync(plan.out, { recursive: true });
  for (const shot of plan.shots || []) {
    if (shot.viewport) await page.setViewportSize(shot.viewport);
    await page.emulateMedia({ colorScheme: shot.colorScheme || plan.colorScheme || "light" });
    await page.evaluate(() => { document.getElementById("search").value = ""; });
    await page.keyboard.press("Escape");
    if (shot.select) await select(page, { name: shot.select, by: "search" });
    await goToStage(page, shot.stage ?? 0);
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    const file = path.join(plan.out, `${shot.name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    const info = await inPage(page, checkTexts);
    info.stage = await page.textContent("#stage-title");
    info.noHorizontalScroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    report.shots.push({ name: shot.name, path: file, viewport: page.viewportSize(), ...info });
  }
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(report));

/** Runs one of the functions below in the page, with checkTexts beside it. */
function inPage(page, fn) {
  return page.evaluate(`(() => { const checkTexts = ${checkTexts.toString()}; return (${fn.toString()})(); })()`);
}

async function goToStage(page, stage) {
  // The arrow keys step the stages wherever the focus is, but in a text field (the search box).
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press("Home");
  for (let k = 0; k < stage; k++) await page.keyboard.press("ArrowRight");
}

/** Selects a weight or neuron: by typing its name in the search box, clicking its label, or tabbing to its edge. */
async function select(page, sel) {
  if (sel.by === "click") {
    await page.click(`#diagram g.label[data-weight="${sel.name}"]`);
  } else if (sel.by === "tab") {
    await page.focus("#search");
    for (let k = 0; k < 400; k++) {
      await page.keyboard.press("Tab");
      const at = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute("data-weight"));
      if (at === sel.name) break;
    }
    await page.keyboard.press("Enter");
  } else {
    await page.fill("#search", sel.name);
    await page.press("#search", "Enter");
  }
}

// The functions below run in the page.
function readStage() {
  const keyed = (root) => Object.fromEntries(Array.from(root.querySelectorAll("[data-key]"))
    .filter((e) => e.getClientRects().length > 0 && e.textContent !== "")
    .map((e) => [e.getAttribute("data-key"), e.textContent]));
  return {
    title: document.getElementById("stage-title").textContent,
    phase: document.getElementById("stage").getAttribute("data-phase"),
    text: document.getElementById("stage-text").textContent,
    numbers: keyed(document.getElementById("stage-text")),
    diagram: keyed(document.getElementById("diagram")),
    ...checkTexts(),
  };
}

function readDetails() {
  const panel = document.getElementById("details");
  const values = {};
  for (const e of panel.querySelectorAll("[data-key]")) values[e.getAttribute("data-key")] = e.textContent;
  const selected = document.querySelector("#diagram .selected");
  return { title: values.title || "", values, text: panel.innerText, selected: selected ? selected.getAttribute("data-weight") || "neuron" : null };
}

/** The visible SVG texts, the pairs of them that overlap, and the labels whose centre lies on another line. */
function checkTexts() {
  const svg = document.getElementById("diagram");
  const visible = Array.from(svg.querySelectorAll("text"))
    .filter((t) => t.textContent.trim() !== "" && t.getClientRects().length > 0)
    .map((t) => ({ t, r: t.getBoundingClientRect() }))
    .filter((x) => x.r.width > 0 && x.r.height > 0);
  const overlaps = [];
  for (let a = 0; a < visible.length; a++) {
    for (let b = a + 1; b < visible.length; b++) {
      const p = visible[a].r, q = visible[b].r;
      if (p.left < q.right - 0.5 && q.left < p.right - 0.5 && p.top < q.bottom - 0.5 && q.top < p.bottom - 0.5) {
        overlaps.push([visible[a].t.textContent, visible[b].t.textContent]);
      }
    }
  }
  const lines = Array.from(svg.querySelectorAll(".edge line.stroke, .bias line")).map((l) => ({
    weight: l.closest(".edge") ? l.closest(".edge").getAttribute("data-weight") : null,
    x1: +l.getAttribute("x1"), y1: +l.getAttribute("y1"), x2: +l.getAttribute("x2"), y2: +l.getAttribute("y2"),
  }));
  const onLines = [];
  const labels = [];
  for (const g of svg.querySelectorAll("g.label")) {
    const text = g.querySelector("text");
    if (text.getClientRects().length === 0) continue;
    const cx = +text.getAttribute("x"), cy = +text.getAttribute("y");
    const own = g.getAttribute("data-weight");
    for (const l of lines) {
      if (l.weight === own) continue;
      const dx = l.x2 - l.x1, dy = l.y2 - l.y1;
      const t = Math.max(0, Math.min(1, ((cx - l.x1) * dx + (cy - l.y1) * dy) / (dx * dx + dy * dy)));
      if (Math.hypot(cx - (l.x1 + t * dx), cy - (l.y1 + t * dy)) < 3) onLines.push([own, l.weight || "bias"]);
    }
    const r = text.getBoundingClientRect();
    labels.push({ text: text.textContent, x: r.left + window.scrollX, y: r.top + window.scrollY, w: r.width, h: r.height });
  }
  return { visibleTexts: visible.length, overlaps, onLines, labels };
}
