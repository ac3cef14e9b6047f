#!/usr/bin/env bash
# trunk's post_build hook (Trunk.toml): builds the storefront's WASM and puts it
# into trunk's staging folder, split into chunks. trunk cannot split WASM
# (trunk-rs/trunk#1022), so index.html has no rust asset and this does it:
#   1. cargo builds the app with feature `split` (pages other than the catalog
#      are `wasm_split` split points, src/app.rs) and relocations kept for the splitter;
#   2. wasm-split-cli cuts out each lazy page and the code only it uses, as
#      chunks with a loader, __wasm_split.js;
#   3. wasm-bindgen binds the main module (keeping the exports chunks link to);
#   4. wasm-opt -Oz shrinks every module (release builds);
#   5. every file is named with one hash of the build, and index.html gets the
#      script that starts the app, with preloads for what the first page needs.
# The first load is the main JS, the loader and the main WASM; a chunk is
# fetched, relative to the loader, the first time its page is shown.
set -euo pipefail

STAGE="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
PUBLIC="${TRUNK_PUBLIC_URL:-/}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$ROOT/target/spa-wasm"
rm -rf "$WORK" && mkdir -p "$WORK/split" "$WORK/bound"

if [[ "${TRUNK_PROFILE:-debug}" == release ]]; then profile=wasm-release; else profile=dev; fi
# SPA_FEATURES: more features of the app (scripts/router-size.sh builds a variant).
cargo rustc --quiet -p beltmart --bin beltmart --target wasm32-unknown-unknown \
    --profile "$profile" --features "split ${SPA_FEATURES:-}" -- -C link-args=--emit-relocs
out_dir=$([[ $profile == dev ]] && echo debug || echo "$profile")
wasm-split-cli --out-name beltmart "$ROOT/target/wasm32-unknown-unknown/$out_dir/beltmart.wasm" "$WORK/split" >/dev/null
wasm-bindgen --target web --no-typescript --keep-lld-exports \
    --out-dir "$WORK/bound" --out-name beltmart "$WORK/split/beltmart.wasm"
mv "$WORK/bound/beltmart_bg.wasm" "$WORK/bound/beltmart.js" "$WORK/split/"
rm "$WORK/split/beltmart.wasm"
if [[ $profile == wasm-release ]]; then
    for wasm in "$WORK"/split/*.wasm; do
        wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-mutable-globals \
            --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types \
            --enable-multivalue "$wasm" -o "$wasm"
    done
fi

# One name for the whole build: the files refer to each other by name, and a
# browser must never mix a cached file of one build with another's.
id=$(cat "$WORK"/split/*.wasm "$WORK"/split/*.js | sha256sum | cut -c1-16)
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
mv __wasm_split.js "$STAGE/__wasm_split-$id.js"
mv beltmart.js "$STAGE/beltmart-$id.js"
mv beltmart_bg.wasm "$STAGE/beltmart-${id}_bg.wasm"

start="<link rel=\"modulepreload\" href=\"${PUBLIC}beltmart-$id.js\">\
<link rel=\"modulepreload\" href=\"${PUBLIC}__wasm_split-$id.js\">\
<link rel=\"preload\" href=\"${PUBLIC}beltmart-${id}_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\
<script type=\"module\">import init from '${PUBLIC}beltmart-$id.js';\
await init({ module_or_path: '${PUBLIC}beltmart-${id}_bg.wasm' });</script>"
# In place of index.html's placeholder for trunk's own rust asset.
sed -i -e "s|<link data-trunk rel=\"rust\" data-trunk-skip[^>]*>||" -e "s|</head>|$start</head>|" "$STAGE/index.html"
