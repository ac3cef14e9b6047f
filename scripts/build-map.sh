#!/usr/bin/env bash
# Builds public/china-map.svg, the storefront's map of China's provinces, from
# the provinces GeoJSON in the npm package echarts@4.9.0 (Apache-2.0; see
# public/china-map.LICENSE.md), simplified with mapshaper. Both packages are
# pinned in tools/map/package-lock.json. Then checks that every city in
# tools/map/city-coordinates.json lies inside its province, and prints the
# SVG's raw, gzip -9 and brotli -q 11 sizes. Needs Node >= 20.11 and npm.
# The output is deterministic: rerunning it leaves the SVG unchanged.
#
#   scripts/build-map.sh
set -euo pipefail

cd "$(dirname "$0")/../tools/map"

echo "== npm ci in tools/map (pinned echarts + mapshaper)"
# --omit=optional --ignore-scripts: mapshaper's optional native add-ons
# (better-sqlite3 and the like) are not needed here and would try to build.
npm ci --omit=optional --ignore-scripts --no-audit --no-fund

echo "== building public/china-map.svg"
node build-map.mjs

echo "== checking tools/map/city-coordinates.json against the provinces"
node check-cities.mjs

node -e '
const fs = require("fs"), zlib = require("zlib");
const b = fs.readFileSync("../../public/china-map.svg");
const gz = zlib.gzipSync(b, { level: 9 }).length;
const br = zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
console.log(`public/china-map.svg: ${b.length} bytes raw, ${gz} gzip -9, ${br} brotli -q 11`);
'
