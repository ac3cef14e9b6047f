#!/usr/bin/env bash
# Builds the console (console/, a Leptos app of its own) into the console folder of DIST:
# its page, start script, styles, and the size-optimised WASM with its
# JavaScript binding. A build apart from the storefront's, so nothing of the
# console is in a shopper's first load. The names carry no hash: the server
# sends them for revalidation (docs/security.md, "The console").
#   scripts/console-build.sh [DIST]   (default: dist)
set -euo pipefail
# shellcheck source=scripts/tools.sh
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
ensure_wasm_bindgen
ensure_wasm_opt
DIST="${1:-$ROOT/dist}"
OUT="$DIST/console"
cd "$ROOT"
cargo build --quiet -p beltmart-console --bin beltmart-console --target wasm32-unknown-unknown --profile wasm-release
rm -rf "$OUT" && mkdir -p "$OUT"
wasm-bindgen --target web --no-typescript --out-dir "$OUT" --out-name console \
    target/wasm32-unknown-unknown/wasm-release/beltmart-console.wasm
wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types \
    --enable-multivalue "$OUT/console_bg.wasm" -o "$OUT/console_bg.wasm"
cp console/static/index.html console/static/start.js console/static/console.css "$OUT/"
