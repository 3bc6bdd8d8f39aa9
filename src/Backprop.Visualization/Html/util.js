// Helpers shared by the explainer's parts. Data reach the page only through these: every text goes in as
// textContent and every attribute through setAttribute, never as markup.
const SVG_NS = "http://www.w3.org/2000/svg";

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) node.setAttribute(key, String(value));
  }
  return node;
}

/** An HTML element with attributes and (optional) text. */
function el(tag, attrs, text) {
  const node = setAttrs(document.createElement(tag), attrs);
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** An SVG element with attributes and (optional) text. */
function sv(tag, attrs, text) {
  const node = setAttrs(document.createElementNS(SVG_NS, tag), attrs);
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** A number to `digits` significant digits, trailing zeros dropped, with a true minus sign. */
function fmt(value, digits) {
  if (value === null || value === undefined) return "—";
  if (value === 0) return "0";
  return Number(value.toPrecision(digits)).toString().replace("-", "\u2212");
}

/** A table cell holding one number, marked with the key the browser tests read it by. */
function numCell(value, digits, key) {
  return el("td", { class: "num", "data-key": key }, fmt(value, digits));
}

/** A row of cells: strings become text cells, nodes are used as they are. */
function row(cells, attrs) {
  const tr = el("tr", attrs);
  for (const cell of cells) tr.appendChild(typeof cell === "string" ? el("td", null, cell) : cell);
  return tr;
}

/** The name a person gave an input or output, shortened for the diagram (the details show it whole). */
function shortName(name, max) {
  if (!name) return "";
  const chars = Array.from(name);
  return chars.length <= max ? name : chars.slice(0, max - 1).join("") + "\u2026";
}

/** What the activation's derivative is, in words the blog uses. */
function derivativeRule(activation) {
  if (activation === "sigmoid") return "out·(1 − out)";
  if (activation === "tanh") return "1 − out²";
  if (activation === "relu") return "1 if net > 0, else 0";
  if (activation.startsWith("leaky-relu")) return "1 if net > 0, else α";
  if (activation === "identity") return "1";
  if (activation === "softmax") return "out·(1 − out), the Jacobian's diagonal";
  return "f′(net)";
}

/** Axis-aligned boxes {x, y, w, h}: do they overlap (by more than a hair)? */
function boxesOverlap(a, b) {
  return a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
}

/** The distance from point (px, py) to the segment from (x1, y1) to (x2, y2). */
function segmentDistance(px, py, x1, y1, x2, y2) {
  const dx = x2 - x1, dy = y2 - y1;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / len2));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

/** Does the segment cross the box? (Liang–Barsky clipping.) */
function segmentHitsBox(s, box) {
  let t0 = 0, t1 = 1;
  const dx = s.x2 - s.x1, dy = s.y2 - s.y1;
  const edges = [[-dx, s.x1 - box.x], [dx, box.x + box.w - s.x1], [-dy, s.y1 - box.y], [dy, box.y + box.h - s.y1]];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const r = q / p;
      if (p < 0) { if (r > t1) return false; if (r > t0) t0 = r; }
      else { if (r < t0) return false; if (r < t1) t1 = r; }
    }
  }
  return t0 < t1;
}
