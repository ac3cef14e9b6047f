#!/usr/bin/env node
// Checks tools/map/city-coordinates.json against server/data/taxonomy.json and
// the map: every city id in the taxonomy has a [lon, lat] (2 decimals), there
// are no extra ids, and each point lies inside its own province, both in the
// source GeoJSON (echarts map/json/china.json) and in the simplified shapes
// that public/china-map.svg draws (x = lon * 0.82, y = -lat).
// Exits non-zero if any check fails.

import fs from 'node:fs';
import path from 'node:path';
import {
  REPO, X_SCALE, LON_MIN, LON_MAX, LAT_MIN, LAT_MAX,
  loadChina, simplifiedChina, pointInFeature,
} from './build-map.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const taxonomy = JSON.parse(fs.readFileSync(path.join(REPO, 'server', 'data', 'taxonomy.json'), 'utf8'));
const coords = JSON.parse(fs.readFileSync(path.join(here, 'city-coordinates.json'), 'utf8'));

const source = loadChina();
const rendered = await simplifiedChina();
const byId = (fc, id) => fc.features.find((f) => f.properties.id === id);

// Distance in km from a lon/lat point to the nearest edge of a feature.
function distanceToEdgeKm([lon, lat], feature) {
  const kx = 111.32 * Math.cos((lat * Math.PI) / 180), ky = 110.57;
  let best = Infinity;
  for (const poly of feature.geometry.coordinates) {
    for (const ring of poly) {
      for (let i = 1; i < ring.length; i++) {
        const ax = (ring[i - 1][0] - lon) * kx, ay = (ring[i - 1][1] - lat) * ky;
        const bx = (ring[i][0] - lon) * kx, by = (ring[i][1] - lat) * ky;
        const dx = bx - ax, dy = by - ay;
        const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
        best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
      }
    }
  }
  return best;
}

// Drawn shapes back to lon/lat, for distances.
const unproject = (f) => ({
  geometry: { coordinates: f.geometry.coordinates.map((p) => p.map((r) => r.map(([x, y]) => [x / X_SCALE, y]))) },
});
// 10 km is about 0.09 viewBox units: 1.5 px when the map is 800 px wide.
const SHAPE_SLACK_KM = 10;

const problems = [];
const warnings = [];
const seen = new Set();
const rows = [];
for (const region of taxonomy.regions) {
  const province = byId(source, region.id);
  const shape = byId(rendered, region.id);
  if (!province || !shape) {
    problems.push(`region ${region.id}: no such province on the map`);
    continue;
  }
  for (const city of region.cities) {
    seen.add(city.id);
    const c = coords[city.id];
    const label = `${city.id} (${city.name_zh} ${city.name_en}, ${region.name_en})`;
    if (!Array.isArray(c) || c.length !== 2 || !c.every((v) => Number.isFinite(v) && Math.round(v * 100) / 100 === v)) {
      problems.push(`${label}: needs [lon, lat] with at most 2 decimals, has ${JSON.stringify(c)}`);
      continue;
    }
    const [lon, lat] = c;
    if (lon < LON_MIN || lon > LON_MAX || lat < LAT_MIN || lat > LAT_MAX) {
      problems.push(`${label}: [${c}] is outside the map`);
      continue;
    }
    const inSource = pointInFeature([lon, lat], province);
    const inShape = pointInFeature([lon * X_SCALE, lat], shape);
    const edge = distanceToEdgeKm([lon, lat], province);
    rows.push(`${!inSource ? 'BAD' : inShape ? 'ok ' : 'ok*'} ${city.id.padEnd(11)} ${lon.toFixed(2)},${lat.toFixed(2)}` +
      `  ${region.id.padEnd(9)} ${edge.toFixed(1).padStart(6)} km from the province edge`);
    if (!inSource) {
      const other = source.features.find((f) => pointInFeature([lon, lat], f));
      problems.push(`${label}: [${c}] is outside ${region.id} in the source` +
        ` (${other ? `inside ${other.properties.id}` : 'in no province'}, ${edge.toFixed(1)} km from its edge)`);
    }
    if (!inShape) {
      // The drawn coast is simplified: a city right on it may fall just off
      // it. Allow that by up to SHAPE_SLACK_KM (well under a dot's radius).
      const off = distanceToEdgeKm([lon, lat], unproject(shape));
      const note = `${label}: [${c}] is ${off.toFixed(1)} km outside the drawn ${region.id} (simplified shape)`;
      if (off > SHAPE_SLACK_KM) problems.push(note);
      else warnings.push(`${note}, within the ${SHAPE_SLACK_KM} km allowed`);
    }
  }
}
for (const id of Object.keys(coords)) {
  if (!seen.has(id)) problems.push(`${id}: in city-coordinates.json but not in the taxonomy`);
}

console.log(rows.join('\n'));
if (warnings.length) console.log(`\n${warnings.join('\n')}`);
if (problems.length) {
  console.error(`\n${problems.length} problem(s):\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`\nall ${seen.size} cities lie inside their provinces in the source, and inside (or within ${SHAPE_SLACK_KM} km of) the drawn shapes`);
