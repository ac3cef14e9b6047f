#!/usr/bin/env node
// Builds public/china-map.svg from the China provinces GeoJSON shipped in the
// npm package echarts@4.9.0 (map/json/china.json, Apache-2.0; see
// public/china-map.LICENSE.md). Run it through scripts/build-map.sh, which
// installs the pinned packages first.
//
// Projection (the storefront overlays city dots with the same formula, so it
// must stay exactly this): x = lon * 0.82, y = -lat. Plain lon/lat space with
// x squeezed by cos 35°. The viewBox covers lon 73..136, lat 54..18.
//
// The source has 34 features (every province-level region, including Taiwan,
// Hainan, Hong Kong and Macau); all 34 are kept. It has no South China Sea
// feature: echarts itself adds a "南海诸岛" inset box at run time
// (lib/coord/geo/fix/nanhai.js). That inset is taken from the same package
// and drawn at echarts' own size (aspect kept) in the lower-right corner of
// the viewBox, as Chinese maps conventionally do. It is not in lon/lat space,
// so no city dot may be placed on it. (echarts' other run-time fix, a Diaoyu
// Island square for Taiwan, lies inside the source's own, larger Diaoyu
// polygon, so it adds nothing.)
//
// Also used by check-cities.mjs (loadChina, simplifiedChina, pointInFeature).

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import mapshaper from 'mapshaper';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '..', '..');
export const OUT_SVG = path.join(REPO, 'public', 'china-map.svg');

export const SOURCE_PACKAGE = 'echarts';
export const SOURCE_FILE = 'map/json/china.json';

export const X_SCALE = 0.82; // cos 35°, rounded: must match the storefront
export const LON_MIN = 73, LON_MAX = 136, LAT_MIN = 18, LAT_MAX = 54;
const VIEWBOX = [LON_MIN * X_SCALE, -LAT_MAX, (LON_MAX - LON_MIN) * X_SCALE, LAT_MAX - LAT_MIN]
  .map((v) => +v.toFixed(2))
  .join(' ');
// Simplification: Visvalingam, keeping this share of the removable vertices.
// Small parts (Beijing, Tianjin, Shanghai, Hong Kong, Macau, Hebei's exclave,
// islands) keep more, or they would be reduced to triangles; a border shared
// by a small and a large part gets the finer of the two.
const KEEP = '5%';
const KEEP_SMALL = '20%'; // parts under SMALL
const KEEP_TINY = '50%'; // parts under TINY
const SMALL = 4, TINY = 0.5; // projected units² (Beijing is 1.4, Taiwan 2.8)
// Islets smaller than this (in the source, sq. degrees; 0.005 is ~50 km²)
// are left out. Every province always keeps its largest ring, so no province
// is ever dropped; every ring that is kept is protected from collapsing.
const MIN_ISLET_DEG2 = 0.005;
// After simplification, parts smaller than this (projected units²) are specks
// left by -clean, not islands.
const MIN_PART_AREA = 0.002;

// adcode -> id (equal to regions[].id in server/data/taxonomy.json for the
// provinces it lists)
export const PROVINCE_IDS = {
  110000: 'beijing', 120000: 'tianjin', 130000: 'hebei', 140000: 'shanxi',
  150000: 'neimenggu', 210000: 'liaoning', 220000: 'jilin', 230000: 'heilongjiang',
  310000: 'shanghai', 320000: 'jiangsu', 330000: 'zhejiang', 340000: 'anhui',
  350000: 'fujian', 360000: 'jiangxi', 370000: 'shandong', 410000: 'henan',
  420000: 'hubei', 430000: 'hunan', 440000: 'guangdong', 450000: 'guangxi',
  460000: 'hainan', 500000: 'chongqing', 510000: 'sichuan', 520000: 'guizhou',
  530000: 'yunnan', 540000: 'xizang', 610000: 'shaanxi', 620000: 'gansu',
  630000: 'qinghai', 640000: 'ningxia', 650000: 'xinjiang', 710000: 'taiwan',
  810000: 'hongkong', 820000: 'macau',
};

export function sourceInfo() {
  const pkgPath = require.resolve(`${SOURCE_PACKAGE}/package.json`);
  const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
  return { name: pkg.name, version: pkg.version, license: pkg.license, dir: path.dirname(pkgPath) };
}

// echarts stores its map JSON "UTF8-encoded": every ring is a string of
// zigzag/delta-encoded character pairs, quantised to 1/1024 degree. Same
// algorithm as decode()/decodePolygon() in echarts/lib/coord/geo/parseGeoJson.js.
function decodeRing(str, offset, scale) {
  const ring = [];
  let px = offset[0], py = offset[1];
  for (let i = 0; i < str.length; i += 2) {
    let x = str.charCodeAt(i) - 64, y = str.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    px = x += px;
    py = y += py;
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

function decodeEcharts(json) {
  if (!json.UTF8Encoding) return json;
  const scale = json.UTF8Scale ?? 1024;
  for (const f of json.features) {
    const g = f.geometry;
    const off = g.encodeOffsets;
    if (g.type === 'Polygon') g.coordinates = g.coordinates.map((r, i) => decodeRing(r, off[i], scale));
    else g.coordinates = g.coordinates.map((p, i) => p.map((r, k) => decodeRing(r, off[i][k], scale)));
    delete g.encodeOffsets;
  }
  delete json.UTF8Encoding;
  return json;
}

// All provinces as a GeoJSON FeatureCollection in lon/lat, every geometry a
// MultiPolygon, properties {adcode, id, name}.
export function loadChina() {
  const src = sourceInfo();
  const json = decodeEcharts(JSON.parse(fs.readFileSync(path.join(src.dir, SOURCE_FILE), 'utf8')));
  const features = json.features.map((f) => {
    const adcode = Number(f.properties.id ?? f.id);
    const id = PROVINCE_IDS[adcode];
    if (!id) throw new Error(`unknown feature ${adcode} ${f.properties.name}`);
    const g = f.geometry;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    return {
      type: 'Feature',
      properties: { adcode, id, name: f.properties.name },
      geometry: { type: 'MultiPolygon', coordinates: polys },
    };
  });
  return { type: 'FeatureCollection', features };
}

// echarts' 南海诸岛 inset: polygons in echarts' design units (box 64 x 93.1,
// y down), recovered from the lon/lat that fix/nanhai.js computes for them.
function loadNanhai() {
  const fixNanhai = require(`${SOURCE_PACKAGE}/lib/coord/geo/fix/nanhai.js`);
  const regions = [];
  fixNanhai('china', regions);
  if (regions.length !== 1) throw new Error('echarts nanhai fix changed');
  // nanhai.js: lon = u / 10.5 + 126, lat = 25 - v / (10.5 / 0.75)
  return regions[0].geometries.map((g) =>
    g.exterior.map(([lon, lat]) => [(lon - 126) * 10.5, (25 - lat) * 14]));
}

const project = ([lon, lat]) => [lon * X_SCALE, lat];

// Simplified provinces, projected (x = lon * 0.82, y = lat), coordinates
// rounded to 2 decimals. Also returns how many islets were left out.
export async function simplifiedChina() {
  const china = loadChina();
  let islets = 0;
  for (const f of china.features) {
    const polys = f.geometry.coordinates;
    const areas = polys.map((p) => Math.abs(ringArea(p[0])));
    const biggest = Math.max(...areas);
    const kept = polys.filter((p, i) => areas[i] === biggest || areas[i] >= MIN_ISLET_DEG2);
    islets += polys.length - kept.length;
    f.geometry.coordinates = kept.map((p) => p.map((r) => r.map(project)));
  }
  // -clean: the source's borders were not drawn as shared lines (there are
  // hundreds of sliver gaps and overlaps between neighbours); clean removes
  // them, so the borders become shared arcs. mapshaper then simplifies each
  // shared border once and neighbours stay gap-free. -explode: one feature
  // per ring, so keep-shapes protects every kept ring, not just the largest
  // of each province. "planar": coordinates are already projected, so
  // simplify in the plane the SVG uses.
  const pct = `this.planarArea < ${TINY} ? '${KEEP_TINY}' : this.planarArea < ${SMALL} ? '${KEEP_SMALL}' : '${KEEP}'`;
  const cmd = `-i china.json -clean -explode -simplify visvalingam planar variable percentage="${pct}" keep-shapes ` +
    '-o out.json format=geojson precision=0.01';
  const out = await mapshaper.applyCommands(cmd, { 'china.json': china });
  const parts = JSON.parse(out['out.json'].toString()).features;
  const features = china.features.map((f) => {
    const polys = [];
    for (const part of parts.filter((p) => p.properties.id === f.properties.id && p.geometry)) {
      const g = part.geometry;
      for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) {
        const rings = poly.map((r) => dedupe(r.map(([x, y]) => [round2(x), round2(y)])));
        if (rings[0].length >= 4) polys.push(rings.filter((r) => r.length >= 4));
      }
    }
    if (polys.length === 0) throw new Error(`${f.properties.id}: nothing left after simplification`);
    // -clean leaves a few specks where it split overlaps; drop them.
    const areas = polys.map((p) => Math.abs(ringArea(p[0])));
    const biggest = Math.max(...areas);
    const kept = polys.filter((p, i) => areas[i] === biggest || areas[i] >= MIN_PART_AREA);
    return { ...f, geometry: { type: 'MultiPolygon', coordinates: kept } };
  });
  return { type: 'FeatureCollection', features, islets };
}

const round2 = (v) => Math.round(v * 100) / 100;

function dedupe(ring) {
  const out = [];
  for (const pt of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== pt[0] || last[1] !== pt[1]) out.push(pt);
  }
  return out;
}

export function ringArea(ring) {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return a / 2;
}

// Even-odd point in (Multi)Polygon test; pt and the geometry in the same space.
export function pointInFeature(pt, feature) {
  let inside = false;
  for (const poly of feature.geometry.coordinates) {
    for (const ring of poly) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i], [xj, yj] = ring[j];
        if ((yi > pt[1]) !== (yj > pt[1]) && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) {
          inside = !inside;
        }
      }
    }
  }
  return inside;
}

// Number formatting for path data: 2 decimals, no leading zero, no "-0".
function num(v) {
  let s = (Math.round(v * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
  if (s === '-0') s = '0';
  return s.replace(/^(-?)0\./, '$1.');
}

// Appends a number to path data the short way: no separator after a command
// letter, before "-", or before "." when the previous number already has a ".".
function append(d, s) {
  const prev = /[\d.]+$/.exec(d);
  if (!prev || s[0] === '-' || (s[0] === '.' && prev[0].includes('.'))) return d + s;
  return `${d} ${s}`;
}

// One ring -> "M x y l dx dy ... z", in SVG space (y = -lat). Relative steps
// are taken between the already rounded points, so no error accumulates.
function ringPath(ring) {
  const pts = ring.map(([x, y]) => [Math.round(x * 100), Math.round(-y * 100)]); // hundredths
  if (pts.length > 1 && pts[0][0] === pts.at(-1)[0] && pts[0][1] === pts.at(-1)[1]) pts.pop();
  let d = append(append('M', num(pts[0][0] / 100)), num(pts[0][1] / 100));
  let cmd = '';
  for (let i = 1; i < pts.length; i++) {
    const dx = pts[i][0] - pts[i - 1][0], dy = pts[i][1] - pts[i - 1][1];
    if (dx === 0 && dy === 0) continue;
    const [c, nums] = dy === 0 ? ['h', [dx]] : dx === 0 ? ['v', [dy]] : ['l', [dx, dy]];
    if (c !== cmd) d += c; // a repeated command letter can be left out
    cmd = c;
    for (const n of nums) d = append(d, num(n / 100));
  }
  return `${d}z`;
}

function featurePath(feature) {
  return feature.geometry.coordinates.map((p) => p.map(ringPath).join('')).join('');
}

function nanhaiPath() {
  // echarts draws this box at 1/14 map unit per design unit (its vertical
  // scale); the same size here, moved into the lower-right corner with a
  // small margin.
  const s = 1 / 14, margin = 0.3;
  const right = (LON_MAX * X_SCALE) - margin, bottom = -LAT_MIN - margin;
  const x0 = right - 64 * s, y0 = bottom - 93.1 * s;
  return loadNanhai()
    .map((ring) => ringPath(ring.map(([u, v]) => [x0 + u * s, -(y0 + v * s)])))
    .join('');
}

export async function buildSvg() {
  const simple = await simplifiedChina();
  const style = '.province{fill:#f3ede6;stroke:#c9b8a6;stroke-width:.08;stroke-linejoin:round}' +
    '.nanhai{fill:#c9b8a6}';
  const paths = simple.features.map(
    (f) => `<path class="province" id="${f.properties.id}" d="${featurePath(f)}"/>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${VIEWBOX}">`,
    `<style>${style}</style>`,
    ...paths,
    `<path class="nanhai" d="${nanhaiPath()}"/>`,
    '</svg>',
    '',
  ].join('\n');
}

async function main() {
  const src = sourceInfo();
  const svg = await buildSvg();
  fs.writeFileSync(OUT_SVG, svg);
  console.log(`wrote ${path.relative(REPO, OUT_SVG)}: ${Buffer.byteLength(svg)} bytes ` +
    `from ${src.name}@${src.version} ${SOURCE_FILE} (${src.license})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
