// sitrep page: filters ⇄ URL hash, clustered map, timeline brush, event list and event card.
"use strict";
import { openCard, openDocument } from "./card.js";
import { append, clear, el, getJSON, swatch, typeColor } from "./dom.js";
import { Timeline } from "./timeline.js";

const FILTERS = ["date_from", "date_to", "bbox", "event_type", "sub_event_type", "actor", "country", "admin1",
  "modality", "background", "min_sources", "conflict", "q", "since"];
const CANVAS_ABOVE = 3000; // above this many points, markers are drawn on a canvas (SVG gets slow)

const form = document.getElementById("filters");
const card = document.getElementById("card");
let state = readHash();
let cluster = null;
let stats = null;

// ---- what is new -----------------------------------------------------------------------------
// "New" is measured on the server's clock: events first stored after `new_since` in the URL, else
// after the newest first-stored time /api/stats reported on the last visit (localStorage). It stays
// fixed while the page is open, so what `sitrep watch` adds meanwhile is marked too.
const SEEN_KEY = "sitrep.seen";
const POLL_MS = Number(localStorage.getItem("sitrep.poll_ms")) || 15000; // how often it asks for new events (tests shorten it)
const utc = (text) => { const d = new Date(text); return isNaN(d) ? "" : `${d.toISOString().slice(0, 19)}+00:00`; };
const newSince = utc(state.get("new_since") || localStorage.getItem(SEEN_KEY) || "");
let latest = null; // the newest created_at the page has shown
let newIds = new Set();

function remember(seen) {
  if (!seen || seen === latest) return;
  latest = seen;
  localStorage.setItem(SEEN_KEY, seen);
}

async function loadNew() {
  if (!newSince) return { count: 0, unlocated: 0 };
  const data = await getJSON(`/api/points?${query()}&since=${encodeURIComponent(newSince)}`);
  newIds = new Set(data.id);
  return data;
}

// Every POLL_MS, one small question (events after the newest shown?); a refresh only when yes.
async function pollForNew() {
  if (document.hidden || document.body.dataset.state !== "ready") return;
  try {
    const s = await getJSON(`/api/stats${latest ? `?since=${encodeURIComponent(latest)}` : ""}`);
    if (s.total) await refresh();
  } catch (e) {
    showError(`Could not check for new events: ${e.message}`);
  }
}

function readHash() {
  return new URLSearchParams(location.hash.slice(1));
}

function writeHash() {
  const hash = state.toString();
  if (hash !== location.hash.slice(1)) history.replaceState(null, "", hash ? `#${hash}` : location.pathname);
}

// The filter part of the state as an API query string (optionally without the date range).
function query({ dates = true } = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of state) {
    if (!FILTERS.includes(k) || v === "") continue;
    if (!dates && (k === "date_from" || k === "date_to")) continue;
    q.append(k, v);
  }
  return q.toString();
}

function showError(message) {
  const node = document.getElementById("error");
  node.textContent = message || "";
  node.hidden = !message;
}

// ---- map -------------------------------------------------------------------------------------
// maxZoom 12 (town scale) is as far as the basemap has detail; fewer zoom levels also means fewer
// cluster levels for markercluster to build (a third of the clustering time for 50,000 events).
const map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 12 }).setView([25, 30], 3);
map.createPane("basemap").style.zIndex = 250;
map.attributionControl.setPrefix("Leaflet");
map.attributionControl.addAttribution("Borders: Natural Earth (world-atlas)");

// A ring that crosses the antimeridian (Fiji, Chukotka) would be drawn as a band across the whole
// map: shift its western half by 360° so it stays in one piece.
function unwrapAntimeridian(geojson) {
  const fixRing = (ring) => {
    if (!(ring.some((c) => c[0] > 170) && ring.some((c) => c[0] < -170))) return ring;
    const shifted = ring.map((c) => (c[0] < 0 ? [c[0] + 360, c[1]] : c));
    const lons = shifted.map((c) => c[0]);
    return Math.max(...lons) - Math.min(...lons) < 180 ? shifted : ring; // not Antarctica, which goes all round
  };
  for (const f of geojson.features) {
    const g = f.geometry;
    if (!g) continue;
    if (g.type === "Polygon") g.coordinates = g.coordinates.map(fixRing);
    if (g.type === "MultiPolygon") g.coordinates = g.coordinates.map((p) => p.map(fixRing));
  }
  return geojson;
}

async function loadBasemap() {
  const topo = await getJSON("/static/vendor/world-atlas/countries-50m.json");
  performance.mark("basemap-fetched");
  L.geoJSON(unwrapAntimeridian(topojson.feature(topo, topo.objects.countries)), {
    pane: "basemap", interactive: false,
    style: { color: "#8a8f98", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
  }).addTo(map);
  performance.mark("basemap-drawn");
  map.on("zoomend", showAdmin1);
  showAdmin1();
}

// First-level boundaries (states, provinces) appear from this zoom on; the file (1.6 MB) is only
// fetched the first time, and only its internal borders are drawn (each shared line once).
const ADMIN1_ZOOM = 5;
let admin1 = null;
async function showAdmin1() {
  const wanted = map.getZoom() >= ADMIN1_ZOOM;
  if (wanted && !admin1) {
    admin1 = "loading";
    const topo = await getJSON("/static/vendor/admin1/admin1.json");
    const borders = topojson.mesh(topo, topo.objects.admin1, (a, b) => a !== b && a.properties.country === b.properties.country);
    admin1 = L.geoJSON(borders, { pane: "basemap", interactive: false, style: { color: "#a7a29a", weight: 0.6, dashArray: "3 3" } });
  }
  if (admin1 === "loading") return;
  if (wanted && admin1 && !map.hasLayer(admin1)) admin1.addTo(map);
  if (!wanted && admin1 && map.hasLayer(admin1)) map.removeLayer(admin1);
  document.body.dataset.admin1 = wanted ? "shown" : "hidden";
}

// What the marker shapes mean, in the map's corner (built from elements, like everything else).
const MarkerLegend = L.Control.extend({
  onAdd() {
    const dot = (cls) => el("span", { class: `legend-symbol ${cls}`, "aria-hidden": "true" });
    const node = el("div", { class: "map-legend leaflet-bar" },
      el("div", {}, dot("small"), dot("big"), " size: fatalities"),
      el("div", {}, dot("region"), " dashed: region-level location (not a point)"),
      el("div", {}, el("span", { class: "legend-symbol cluster", "aria-hidden": "true" }, "12"), " cluster: colour of its most frequent type"));
    L.DomEvent.disableClickPropagation(node);
    return node;
  },
});
new MarkerLegend({ position: "bottomleft" }).addTo(map);

function radius(fatalities) {
  return 5 + Math.min(13, 2.2 * Math.sqrt(fatalities || 0));
}

function clusterIcon(group) {
  const markers = group.getAllChildMarkers();
  const counts = {};
  for (const m of markers) counts[m.options.eventType] = (counts[m.options.eventType] || 0) + 1;
  const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
  const n = group.getChildCount();
  const size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 50;
  const fresh = newIds.size > 0 && markers.some((m) => newIds.has(m.options.eventId));
  const node = el("div", { class: fresh ? "has-new" : null, title: fresh ? "holds new events" : null,
    style: { background: typeColor(top), width: `${size}px`, height: `${size}px` } }, el("span", {}, String(n)));
  return L.divIcon({ html: node, className: "marker-cluster", iconSize: [size, size] });
}

function tooltipFor(data, i) {
  return el("div", {}, el("b", {}, data.types[data.type[i]]), el("br"),
    `${data.event_date[i] || "undated"} · ${data.fatalities[i] ?? "?"} killed`,
    data.geo_precision[i] === 3 ? el("div", { class: "muted" }, "region-level location (not a point)") : "");
}

// Marker i of the /api/points columns: a filled circle sized by fatalities, or for a region-level
// location (geo precision 3) a large hollow dashed circle, since it is an area and not a point.
function makeMarker(data, i, renderer) {
  const type = data.types[data.type[i]];
  const color = typeColor(type);
  const latlng = [data.latitude[i], data.longitude[i]];
  const marker = L.circleMarker(latlng, data.geo_precision[i] === 3
    ? { renderer, radius: 16, color, weight: 2, dashArray: "5 4", fill: true, fillOpacity: 0.06, className: "ev ev-region" }
    : { renderer, radius: radius(data.fatalities[i]), color: "#222", weight: 1, fillColor: color, fillOpacity: 0.85, className: "ev" });
  if (newIds.has(data.id[i])) {
    marker.setStyle({ color: "#ffab00", weight: 4 });
    marker.options.className += " ev-new";
  }
  marker.options.eventId = data.id[i];
  marker.options.eventType = type;
  marker.options.row = i;
  return marker;
}

function boundsOf(data) {
  let [south, west, north, east] = [90, 180, -90, -180];
  for (let i = 0; i < data.count; i++) {
    south = Math.min(south, data.latitude[i]); north = Math.max(north, data.latitude[i]);
    west = Math.min(west, data.longitude[i]); east = Math.max(east, data.longitude[i]);
  }
  return L.latLngBounds([south, west], [north, east]);
}

async function loadPoints() {
  const t0 = performance.now();
  const data = await getJSON(`/api/points?${query()}`);
  performance.mark("points-fetched");
  if (cluster) map.removeLayer(cluster);
  const renderer = data.count > CANVAS_ABOVE ? L.canvas({ padding: 0.5 }) : undefined;
  const markers = new Array(data.count);
  for (let i = 0; i < data.count; i++) markers[i] = makeMarker(data, i, renderer);
  performance.mark("markers-made");
  document.body.dataset.points = String(markers.length);
  document.body.dataset.unlocated = String(data.unlocated);
  await new Promise((resolve) => {
    cluster = L.markerClusterGroup({
      chunkedLoading: true, chunkInterval: 400, chunkDelay: 1, showCoverageOnHover: false, maxClusterRadius: 45,
      iconCreateFunction: clusterIcon, chunkProgress: (done, total) => { if (done >= total) resolve(); },
    });
    // One listener on the group instead of two per marker (50,000 markers, 100,000 closures).
    cluster.on("click", (e) => selectEvent(e.layer.options.eventId));
    cluster.on("mouseover", (e) => {
      const m = e.layer;
      if (m.options.eventId && !m.getTooltip()) m.bindTooltip(tooltipFor(data, m.options.row)).openTooltip();
    });
    map.addLayer(cluster);
    cluster.addLayers(markers);
    if (!markers.length) resolve();
  });
  if (markers.length && !state.get("bbox")) map.fitBounds(boundsOf(data), { padding: [30, 30], maxZoom: 8, animate: false });
  performance.mark("clustered");
  document.body.dataset.loadMs = String(Math.round(performance.now() - t0));
  return data;
}

// ---- list and summary ------------------------------------------------------------------------
async function loadList() {
  const data = await getJSON(`/api/events?${query()}&limit=200&sort=-date`);
  const list = clear(document.getElementById("list"));
  for (const e of data.events) {
    const fresh = newSince && data.first_seen[e.id] > newSince;
    list.append(el("li", { "data-event": e.id, class: fresh ? "new" : null },
      fresh ? el("span", { class: "new-badge", title: `first seen ${data.first_seen[e.id]}` }, "new") : "",
      el("button", { type: "button", class: "event-link", onclick: () => selectEvent(e.id) },
        swatch(e.event_type), el("span", { class: "date" }, e.event_date || "undated"), " ",
        el("span", { class: "type" }, e.sub_event_type || e.event_type), " · ",
        el("span", { class: "place" }, e.location || e.admin1 || e.country || "unlocated"),
        e.fatalities ? el("span", { class: "fat" }, ` · ${e.fatalities} killed`) : "",
        e.conflict.length ? el("span", { class: "conflict-flag", title: `sources disagree: ${e.conflict.join(", ")}` }, " ⚠") : "")));
  }
  document.getElementById("list-count").textContent = data.total > data.events.length
    ? `(latest ${data.events.length} of ${data.total})` : `(${data.total})`;
  return data.total;
}

function updateDownloads() {
  const q = query();
  document.getElementById("dl-csv").href = `/api/export?format=csv${q ? `&${q}` : ""}`;
  document.getElementById("dl-geojson").href = `/api/export?format=geojson${q ? `&${q}` : ""}`;
}

// ---- timeline --------------------------------------------------------------------------------
const timeline = new Timeline(document.getElementById("timeline-svg"), (from, to) => {
  if (from) { state.set("date_from", from); state.set("date_to", to); } else { state.delete("date_from"); state.delete("date_to"); }
  fillForm();
  refresh({ timeline: false });
});

// Background events (history told for context, often years back) would stretch the time axis
// over a decade and squash the current weeks into one bar, so the timeline leaves them out unless
// the background filter asks for them, and says how many it left out.
async function loadTimeline() {
  const q = query({ dates: false });
  const own = state.get("background");
  const [s, hidden] = await Promise.all([
    getJSON(`/api/stats?${q}${own ? "" : "&background=false"}`),
    own ? Promise.resolve({ total: 0 }) : getJSON(`/api/events?${q}&background=true&limit=1`)]);
  stats = s;
  remember(s.latest);
  drawTimeline();
  const legend = clear(document.getElementById("legend"));
  for (const [t, n] of Object.entries(stats.by_type)) legend.append(el("span", { class: "legend-item" }, swatch(t), `${t} (${n})`));
  document.getElementById("timeline-title").textContent = `Events per ${stats.bucket}` +
    (hidden.total ? ` (${hidden.total} background event${hidden.total > 1 ? "s" : ""} not shown)` : "");
}

function drawTimeline() {
  const from = state.get("date_from");
  const to = state.get("date_to");
  if (stats) timeline.draw(stats, from || to ? [from || "0000-00-00", to || "9999-12-31"] : null);
  document.getElementById("brush-text").textContent = from || to ? `${from || "…"} → ${to || "…"}` : "drag to select dates";
  document.getElementById("brush-clear").hidden = !(from || to);
}

// ---- filters form ----------------------------------------------------------------------------
function fillOptions(select, values) {
  for (const v of values) select.append(el("option", { value: v.value }, `${v.value} (${v.count})`));
}

async function loadFacets() {
  const f = await getJSON("/api/facets");
  const types = document.getElementById("types");
  for (const t of f.event_type) {
    types.append(el("label", { class: "check" }, el("input", { type: "checkbox", name: "event_type", value: t.value }),
      swatch(t.value), ` ${t.value} (${t.count})`));
  }
  fillOptions(form.elements.sub_event_type, f.sub_event_type);
  fillOptions(form.elements.country, f.country);
  fillOptions(form.elements.modality, f.modality);
  append(document.getElementById("actor-list"), f.actor.map((a) => el("option", { value: a.value })));
  append(document.getElementById("admin1-list"), f.admin1.map((a) => el("option", { value: a.value })));
}

function fillForm() {
  for (const input of form.querySelectorAll("input, select")) {
    if (!input.name) continue;
    if (input.type === "checkbox") input.checked = state.getAll(input.name).includes(input.value);
    else input.value = state.get(input.name) || "";
  }
  document.getElementById("bbox-text").textContent = state.get("bbox") ? `Box ${state.get("bbox")}` : "Anywhere";
}

function readForm() {
  const next = new URLSearchParams();
  for (const input of form.querySelectorAll("input, select")) {
    if (!input.name || (input.type === "checkbox" && !input.checked) || input.value === "") continue;
    next.append(input.name, input.value);
  }
  if (state.get("bbox")) next.set("bbox", state.get("bbox"));
  for (const key of ["event", "doc"]) if (state.get(key)) next.set(key, state.get(key));
  state = next;
}

// ---- event card ------------------------------------------------------------------------------
function closeCard() {
  card.hidden = true;
  state.delete("event");
  state.delete("doc");
  writeHash();
}

function openFromState() {
  if (state.get("event")) openCard(card, state.get("event"), closeCard);
  else if (state.get("doc")) openDocument(card, state.get("doc"), closeCard);
}

function selectEvent(id) {
  state.delete("doc");
  state.set("event", id);
  writeHash();
  openCard(card, id, closeCard);
}

// ---- refresh ---------------------------------------------------------------------------------
async function refresh({ timeline: withTimeline = true } = {}) {
  document.body.dataset.state = "loading";
  writeHash();
  updateDownloads();
  showError("");
  try {
    const fresh = await loadNew(); // before the markers, which it marks
    const [points, total] = await Promise.all([loadPoints(), loadList(), withTimeline ? loadTimeline() : drawTimeline()]);
    const nNew = fresh.count + fresh.unlocated;
    document.getElementById("summary").textContent =
      `${total} events match · ${points.count} on the map · ${points.unlocated} without coordinates` +
      (newSince ? ` · ${nNew} new since ${newSince.slice(0, 16).replace("T", " ")} UTC` : "");
    document.body.dataset.new = String(nNew);
    document.body.dataset.total = String(total);
    performance.mark("ready");
    requestAnimationFrame(() => setTimeout(() => performance.mark("painted"), 0));
  } catch (e) {
    showError(e.message);
  }
  document.body.dataset.state = "ready";
}

form.addEventListener("submit", (e) => { e.preventDefault(); readForm(); refresh(); });
document.getElementById("reset").addEventListener("click", () => { state = new URLSearchParams(); fillForm(); refresh(); });
document.getElementById("brush-clear").addEventListener("click", () => {
  state.delete("date_from"); state.delete("date_to"); fillForm(); refresh({ timeline: false });
});
document.getElementById("bbox-set").addEventListener("click", () => {
  const b = map.getBounds();
  const f = (x) => x.toFixed(3);
  state.set("bbox", [f(Math.max(-180, b.getWest())), f(Math.max(-90, b.getSouth())), f(Math.min(180, b.getEast())), f(Math.min(90, b.getNorth()))].join(","));
  fillForm(); refresh();
});
document.getElementById("bbox-clear").addEventListener("click", () => { state.delete("bbox"); fillForm(); refresh(); });
window.addEventListener("hashchange", () => {
  state = readHash(); fillForm(); refresh();
  openFromState();
});

// The events come first; the basemap loads beside them and the filter values (a scan of every
// event) only after them, so the server's time goes to what the user sees first.
async function main() {
  fillForm();
  const basemap = loadBasemap().catch((e) => showError(`Could not load the basemap: ${e.message}`));
  await refresh();
  openFromState();
  await basemap;
  try {
    await loadFacets();
  } catch (e) {
    showError(`Could not load the filter values: ${e.message}`);
  }
  fillForm();
  document.body.dataset.facets = "ready";
  setInterval(pollForNew, POLL_MS);
}

window.sitrep = { map, cluster: () => cluster }; // for the browser tests and the console
main();
