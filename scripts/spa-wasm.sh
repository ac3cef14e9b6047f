#!/usr/bin/env bash
# trunk's post_build hook (Trunk.toml): builds the storefront's WASM and puts it
# into trunk's staging folder, split into chunks. trunk cannot split WASM
# (trunk-rs/trunk#1022), so index.html has no rust asset and this does it:
#   1. cargo builds the app with feature `split` (pages other than the catalog
#      are `wasm_split` split points, src/app.rs) and relocations kept for the splitter;
#   2. wasm-split-cli cuts out each lazy page and the code only it uses, as
#      chunks with a loader, __wasm_split.js;
#   3. wasm-bindgen binds the main module (keeping the exports chunks link to);
#   4. wasm-opt -Oz shrinks every module, and terser the JavaScript (release builds);
#   5. every file is named with one hash of the build, and index.html gets the
#      script that starts the app, with preloads for what the first page needs.
# The first load is the main JS, the loader and the main WASM; a chunk is
# fetched, relative to the loader, the first time its page is shown.
#
# Two builds: index.html starts the client-rendered one (static hosts, pages
# that embed the storefront, the 进货单), and ssr.html, its copy, starts the one
# that hydrates the pages the reference server renders (feature `hydrate`); the
# server frames its pages with ssr.html. Hydration code would cost the first
# load of a client-rendered page ~26 KB brotli, so only ssr.html carries it.
set -euo pipefail

STAGE="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
PUBLIC="${TRUNK_PUBLIC_URL:-/}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$ROOT/target/spa-wasm"
if [[ "${TRUNK_PROFILE:-debug}" == release ]]; then profile=wasm-release; else profile=dev; fi
out_dir=$([[ $profile == dev ]] && echo debug || echo "$profile")
# Release builds: styles without comments and spaces (lightningcss), 5.0 → 4.1 KB
# brotli, with the page's integrity hash of each renewed (or the browser would
# block it). trunk's own minify would rewrite the pages too, which this script edits.
sri() { echo "sha384-$(openssl dgst -sha384 -binary "$1" | base64 -w0)"; }
if [[ $profile == wasm-release ]]; then
    for css in "$STAGE"/*.css; do
        before=$(sri "$css")
        lightningcss --minify "$css" -o "$css"
        sed -i "s|integrity=\"$before\"|integrity=\"$(sri "$css")\"|" "$STAGE/index.html"
    done
fi
# The page as trunk wrote it, without the WASM: each build starts from it.
sed -i -e "s|<link data-trunk rel=\"rust\" data-trunk-skip[^>]*>||" "$STAGE/index.html"
mkdir -p "$ROOT/target" && cp "$STAGE/index.html" "$WORK.page.html"
# Panic locations name the crates' sources by path: relative to the registry,
# not under the build machine's home folder (and 0.2 KB less WASM).
remap="--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src/="
# build FEATURES PAGE TARGET_DIR: builds, splits, binds and names one WASM
# build, and writes PAGE (in the staging folder) as index.html with that build's start.
build() {
    local features=$1 page=$2 target_dir=$3
    rm -rf "$WORK" && mkdir -p "$WORK/split" "$WORK/bound"
    # SPA_FEATURES: more features of the app (scripts/router-size.sh builds a variant).
    cargo rustc --quiet -p beltmart --bin beltmart --target wasm32-unknown-unknown --target-dir "$target_dir" \
        --profile "$profile" --features "split $features ${SPA_FEATURES:-}" \
        --config "target.wasm32-unknown-unknown.rustflags = [\"$remap\"]" -- -C link-args=--emit-relocs
    wasm-split-cli --out-name beltmart "$target_dir/wasm32-unknown-unknown/$out_dir/beltmart.wasm" "$WORK/split" >/dev/null
    wasm-bindgen --target web --no-typescript --keep-lld-exports \
        --out-dir "$WORK/bound" --out-name beltmart "$WORK/split/beltmart.wasm"
    mv "$WORK/bound/beltmart_bg.wasm" "$WORK/bound/beltmart.js" "$WORK/split/"
    rm "$WORK/split/beltmart.wasm"
    if [[ $profile == wasm-release ]]; then
        for wasm in "$WORK"/split/*.wasm; do
            # SPA_KEEP_NAMES=1 keeps function names, for a profile that names them.
            # --low-memory-unused: Rust's stack is first in memory, so its lowest
            # KB is only reached by an overflow; 1.1 KB brotli off the main WASM.
            # --remove-exports: wasm-streams (Leptos' server functions, which
            # Beltmart does not use) exports its stream adapters to JavaScript,
            # and an export is never dead code: 1.1 KB brotli.
            wasm-opt --remove-exports --pass-arg='remove-exports@*intounderlying*' \
                -Oz --low-memory-unused ${SPA_KEEP_NAMES:+-g} --strip-debug --strip-producers --enable-bulk-memory --enable-mutable-globals \
                --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types \
                --enable-multivalue "$wasm" -o "$wasm"
        done
    fi

    # One name for the whole build: the files refer to each other by name, and a
    # browser must never mix a cached file of one build with another's.
    local id
    id=$(cat "$WORK"/split/*.wasm "$WORK"/split/*.js | sha256sum | cut -c1-16)
    (
        cd "$WORK/split"
        for wasm in *.wasm; do
            stem="${wasm%.wasm}"
            [[ $stem == beltmart_bg ]] && continue
            sed -i "s|\"./$wasm\"|\"./$stem-$id.wasm\"|" __wasm_split.js
            mv "$wasm" "$STAGE/$stem-$id.wasm"
        done
        sed -i "s|\"./beltmart.js\"|\"./beltmart-$id.js\"|" __wasm_split.js
        # Only the ES imports: the WASM's import module keeps its name in the imports object.
        sed -i "s|^\(import \* as import[0-9]* from \)\"./__wasm_split.js\"|\1\"./__wasm_split-$id.js\"|" beltmart.js
        if [[ $profile == wasm-release ]]; then
            # Comments, whitespace and local names (exports keep theirs): 8 → 5 KB brotli.
            for js in beltmart.js __wasm_split.js; do
                terser "$js" --module --compress --mangle --output "$js"
            done
        fi
        mv __wasm_split.js "$STAGE/__wasm_split-$id.js"
        mv beltmart.js "$STAGE/beltmart-$id.js"
        mv beltmart_bg.wasm "$STAGE/beltmart-${id}_bg.wasm"
    )

    local preloads="<link rel=\"modulepreload\" href=\"${PUBLIC}beltmart-$id.js\">\
<link rel=\"modulepreload\" href=\"${PUBLIC}__wasm_split-$id.js\">\
<link rel=\"preload\" href=\"${PUBLIC}beltmart-${id}_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>"
    # A page the server rendered shows without the WASM: no preloads, so that its
    # first images have the network first (the module script fetches it after).
    [[ $page == ssr.html ]] && preloads=""
    local start="$preloads<script type=\"module\">import init from '${PUBLIC}beltmart-$id.js';\
await init({ module_or_path: '${PUBLIC}beltmart-${id}_bg.wasm' });</script>"
    sed -e "s|</head>|$start</head>|" "$WORK.page.html" > "$STAGE/$page"
}

build "" index.html "$ROOT/target"
# Typed components, as the server renders them (no `erase_components`, which
# .cargo/config.toml sets for wasm32): other flags, so a folder of its own.
# Only release builds: `trunk serve` renders in the browser, and a static host
# (scripts/build-static.sh sets SPA_SSR=0) has no server to render pages.
if [[ $profile == wasm-release && ${SPA_SSR:-1} == 1 ]]; then
    RUSTFLAGS="--cfg beltmart_hydrate $remap" build "hydrate" ssr.html "$ROOT/target/hydrate"
fi
rm -f "$WORK.page.html"
