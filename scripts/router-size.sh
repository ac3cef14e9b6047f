#!/usr/bin/env bash
# The router decision, measured: the storefront built with our own router
# (src/router/own.rs, the shipped build) and with leptos_router 0.8 (the
# `leptos-router` feature, src/router/with_leptos_router.rs), same profile and
# wasm-opt, brotli -q 11 sizes of the script and the main WASM (the first
# load's; the chunks of the other pages are not counted) side by side.
#
#   scripts/router-size.sh        (writes both builds under target/router-size/)
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

ensure_spa_tools
cd "$ROOT"

out=target/router-size
brotli_kb() { brotli -q 11 -c "$1" | wc -c | awk '{ printf "%.1f", $1 / 1000 }'; }

for variant in own leptos-router; do
    features=""
    [ "$variant" = leptos-router ] && features=leptos-router
    say "building the storefront with the $variant router into $out/$variant/"
    # The client-rendered build alone (SPA_SSR=0): the router weighs the same in both.
    SPA_SSR=0 SPA_FEATURES="$features" trunk build --release --offline --dist "$out/$variant" >/dev/null
done

echo "| router | JS (brotli) | WASM (brotli) | JS + WASM |"
echo "|---|---:|---:|---:|"
for variant in own leptos-router; do
    js=$(brotli_kb "$(ls "$out/$variant"/beltmart-*.js)")
    wasm=$(brotli_kb "$(ls "$out/$variant"/*_bg.wasm)")
    echo "| $variant | $js KB | $wasm KB | $(awk -v a="$js" -v b="$wasm" 'BEGIN { printf "%.1f", a + b }') KB |"
done
