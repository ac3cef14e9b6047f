#!/usr/bin/env bash
# The storefront's first load: raw, gzip -9 and brotli -q 11 bytes of every
# file a first visit fetches (page, styles, script, the WASM loader, the main
# WASM, config.json, icon), as Markdown tables: for a page the server renders
# (ssr.html's build) and for the client-rendered one (index.html's); then the
# WASM chunks of the other pages, fetched when one is first shown
# (scripts/spa-wasm.sh). With --check it fails when either first load is over
# the budget stated in docs/perf.md (200 KB). Sizes are deterministic, so this
# is a check, not a timing.
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

# The files PAGE names (styles, script, loader, main WASM), and what every
# visit also fetches: config.json (the client-rendered page; a server-rendered
# one embeds it) and the icon.
first_load() {
    local page=$1
    echo "$DIST/$page"
    grep -oE "(href|src)=\"[^\"]+\"|module_or_path: '[^']+'|from '[^']+'" "$DIST/$page" \
        | sed -E "s/^[^\"']*[\"']//; s/[\"']$//; s|^.*/||" | sort -u \
        | while read -r name; do
            [[ -f "$DIST/$name" ]] && echo "$DIST/$name"
            # The script imports the chunk loader of its build.
            [[ $name =~ ^beltmart-([0-9a-f]+)\.js$ ]] && echo "$DIST/__wasm_split-${BASH_REMATCH[1]}.js"
        done | sort -u
}

# table PAGE TITLE: the first-load table of PAGE; sets total_brotli.
table() {
    echo "| $2 | raw | gzip -9 | brotli -q 11 |"
    echo "|---|---:|---:|---:|"
    total_raw=0 total_gzip=0 total_brotli=0
    for file in $(first_load "$1" | grep -v -e config.json -e favicon.svg) "$DIST"/config.json "$DIST"/favicon.svg; do
        [[ -f "$file" ]] || continue
        [[ $1 != index.html && $file == */config.json ]] && continue
        row "$file"
        total_raw=$((total_raw + raw)) total_gzip=$((total_gzip + gzip)) total_brotli=$((total_brotli + brotli))
    done
    echo "| **first load** | **$(kb $total_raw)** | **$(kb $total_gzip)** | **$(kb $total_brotli)** (budget $(kb $BUDGET_BYTES)) |"
    echo
}

if [[ -f "$DIST/ssr.html" ]]; then
    table ssr.html "a page the server renders (ssr.html's build, which hydrates; the page's own HTML not counted)"
    ssr_brotli=$total_brotli
fi
table index.html "client-rendered (index.html: static hosts, embedding pages, the 进货单)"
echo "| loaded when its page is first shown | raw | gzip -9 | brotli -q 11 |"
echo "|---|---:|---:|---:|"
for file in "$DIST"/*.wasm; do
    [[ "$file" == *_bg.wasm ]] || row "$file"
done
over=false
if [[ -n "${ssr_brotli:-}" ]] && ((ssr_brotli > BUDGET_BYTES)); then
    echo "Over budget: a server-rendered page's first load is $(kb "$ssr_brotli") brotli." >&2
    over=true
fi
if ((total_brotli > BUDGET_BYTES)); then
    echo "Over budget: the client-rendered first load is $(kb $total_brotli) brotli." >&2
    over=true
fi
if $CHECK && $over; then
    echo "FAILED: the first load's budget is $(kb $BUDGET_BYTES) brotli (docs/perf.md)" >&2
    exit 1
fi
