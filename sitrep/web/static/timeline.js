// The timeline: events per day or week stacked by type, with a brush (drag) that selects a date range.
"use strict";
import { clear, typeColor } from "./dom.js";

const NS = "http://www.w3.org/2000/svg";
const HEIGHT = 110;
const AXIS = 18;
const DAY = 86400000;

function svg(tag, attrs) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

function addDays(iso, days) {
  return new Date(Date.parse(iso + "T00:00:00Z") + days * DAY).toISOString().slice(0, 10);
}

// Every period from the first to the last (gaps are zero bars, so the x axis is time).
function periods(stats) {
  if (!stats.series.length) return [];
  const step = stats.bucket === "week" ? 7 : 1;
  const first = stats.series[0].period;
  const last = stats.series[stats.series.length - 1].period;
  const out = [];
  for (let p = first; p <= last && out.length < 5000; p = addDays(p, step)) out.push(p);
  return out;
}

export class Timeline {
  constructor(svgNode, onBrush) {
    this.svg = svgNode;
    this.onBrush = onBrush;
    this.periods = [];
    this.step = 1;
    this.selection = null;
    this.svg.addEventListener("pointerdown", (e) => this.start(e));
    this.svg.addEventListener("pointermove", (e) => this.move(e));
    this.svg.addEventListener("pointerup", (e) => this.end(e));
    this.svg.addEventListener("dblclick", () => this.onBrush(null, null));
    window.addEventListener("resize", () => this.stats && this.draw(this.stats, this.selection));
  }

  index(event) {
    const box = this.svg.getBoundingClientRect();
    const i = Math.floor(((event.clientX - box.left) / box.width) * this.periods.length);
    return Math.max(0, Math.min(this.periods.length - 1, i));
  }

  start(event) {
    if (!this.periods.length) return;
    this.svg.setPointerCapture(event.pointerId);
    this.dragFrom = this.index(event);
    this.showBrush(this.dragFrom, this.dragFrom);
  }

  move(event) {
    if (this.dragFrom === undefined) return;
    this.showBrush(this.dragFrom, this.index(event));
  }

  end(event) {
    if (this.dragFrom === undefined) return;
    const a = this.dragFrom;
    const b = this.index(event);
    this.dragFrom = undefined;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    this.onBrush(this.periods[lo], addDays(this.periods[hi], this.step - 1));
  }

  showBrush(a, b) {
    const w = this.width / Math.max(1, this.periods.length);
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    this.brush.setAttribute("x", lo * w);
    this.brush.setAttribute("width", (hi - lo + 1) * w);
    this.brush.setAttribute("visibility", "visible");
  }

  // selection: [date_from, date_to] or null.
  draw(stats, selection) {
    this.stats = stats;
    this.selection = selection;
    this.periods = periods(stats);
    this.step = stats.bucket === "week" ? 7 : 1;
    this.width = this.svg.clientWidth || 600;
    clear(this.svg);
    this.svg.setAttribute("viewBox", `0 0 ${this.width} ${HEIGHT}`);
    this.svg.setAttribute("height", HEIGHT);
    const n = this.periods.length;
    const byPeriod = new Map(stats.series.map((s) => [s.period, s.counts]));
    const types = Object.keys(stats.by_type);
    let max = 1;
    for (const counts of byPeriod.values()) max = Math.max(max, Object.values(counts).reduce((a, b) => a + b, 0));
    const w = this.width / Math.max(1, n);
    const plot = HEIGHT - AXIS;
    const bars = svg("g", { class: "bars" });
    this.periods.forEach((p, i) => {
      let y = plot;
      const counts = byPeriod.get(p) || {};
      for (const t of types) {
        if (!counts[t]) continue;
        const h = (counts[t] / max) * (plot - 4);
        const rect = svg("rect", { x: i * w + 0.5, y: y - h, width: Math.max(1, w - 1), height: h,
          fill: typeColor(t), "data-period": p, "data-type": t, "data-count": counts[t] });
        const title = svg("title", {});
        title.textContent = `${p}: ${counts[t]} ${t}`;
        rect.append(title);
        bars.append(rect);
        y -= h;
      }
    });
    this.svg.append(bars);
    const axis = svg("g", { class: "axis" });
    const labels = n ? [0, Math.floor(n / 2), n - 1] : [];
    for (const i of new Set(labels)) {
      const text = svg("text", { x: Math.min(i * w + 2, this.width - 70), y: HEIGHT - 4 });
      text.textContent = this.periods[i];
      axis.append(text);
    }
    this.svg.append(axis);
    this.brush = svg("rect", { class: "brush", x: 0, y: 0, width: 0, height: plot, visibility: "hidden" });
    this.svg.append(this.brush);
    if (selection && n) {
      const lo = this.periods.findIndex((p) => addDays(p, this.step - 1) >= selection[0]);
      let hi = -1;
      this.periods.forEach((p, i) => { if (p <= selection[1]) hi = i; });
      if (lo >= 0 && hi >= lo) this.showBrush(lo, hi);
    }
  }
}
