#!/usr/bin/env bash
# The storefront's first load: raw, gzip -9 and brotli -q 11 bytes of every
# file a first visit to the catalog fetches (page, styles, script, the WASM
# loader, the main WASM, config.json, icon), as a Markdown table; then the WASM
# chunks of the other pages, fetched when one is first shown (scripts/spa-wasm.sh). With --check it fails when the brotli total is over the
# budget stated in docs/perf.md (200 KB); sizes are deterministic, so this is a check,
# not a timing.
#
#   scripts/bundle-size.sh [DIST=dist] [--check]
set -euo pipefail

BUDGET_BYTES=200000
DIST=dist
CHECK=false
for arg in "$@"; do
    case "$arg" in
        --check) CHECK=true ;;
        *) DIST="$arg" ;;
    esac
done
[[ -f "$DIST/index.html" ]] || { echo "no built storefront in $DIST/" >&2; exit 1; }

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1000 }'; }

row() {
    raw=$(wc -c < "$1")
    gzip=$(gzip -9 -c "$1" | wc -c)
    brotli=$(brotli -q 11 -c "$1" | wc -c)
    echo "| $(basename "$1") | $(kb "$raw") | $(kb "$gzip") | $(kb "$brotli") |"
}

echo "| file | raw | gzip -9 | brotli -q 11 |"
echo "|---|---:|---:|---:|"
total_raw=0 total_gzip=0 total_brotli=0
for file in "$DIST"/index.html "$DIST"/*.css "$DIST"/*.js "$DIST"/*_bg.wasm "$DIST"/config.json "$DIST"/favicon.svg; do
    [[ -f "$file" ]] || continue
    row "$file"
    total_raw=$((total_raw + raw)) total_gzip=$((total_gzip + gzip)) total_brotli=$((total_brotli + brotli))
done
echo "| **first load** | **$(kb $total_raw)** | **$(kb $total_gzip)** | **$(kb $total_brotli)** (budget $(kb $BUDGET_BYTES)) |"
echo
echo "| loaded when its page is first shown | raw | gzip -9 | brotli -q 11 |"
echo "|---|---:|---:|---:|"
for file in "$DIST"/*.wasm; do
    [[ "$file" == *_bg.wasm ]] || row "$file"
done

if $CHECK && ((total_brotli > BUDGET_BYTES)); then
    echo "FAILED: the first load is $(kb $total_brotli) brotli, over the $(kb $BUDGET_BYTES) budget" >&2
    exit 1
fi
