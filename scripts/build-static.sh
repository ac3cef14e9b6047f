#!/usr/bin/env bash
# Builds a deployable static folder of the storefront for a public path.
#
#   scripts/build-static.sh /shop/ [OUT_DIR] [API_BASE]
#
# OUT_DIR (default dist-static) gets hashed assets with .br and .gz beside each,
# a 404.html that boots the SPA (deep links on hosts without rewrite rules),
# config.json (api_base = API_BASE, default: same origin) and embed.html, the
# snippet that mounts Beltmart into an element of an existing page.
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

PUBLIC_PATH="${1:?usage: scripts/build-static.sh /public/path/ [OUT_DIR] [API_BASE]}"
OUT="${2:-dist-static}"
API_BASE="${3:-}"
[[ "$PUBLIC_PATH" == /* ]] || PUBLIC_PATH="/$PUBLIC_PATH"
[[ "$PUBLIC_PATH" == */ ]] || PUBLIC_PATH="$PUBLIC_PATH/"

ensure_spa_tools
ensure_apt_tool python3 python3 "to write the embed snippet"
cd "$ROOT"
say "building the storefront for $PUBLIC_PATH into $OUT/"
cargo fetch --quiet
# No ssr.html and its hydrating build: a static host renders in the browser.
SPA_SSR=0 trunk build --release --offline --public-url "$PUBLIC_PATH" --dist "$OUT"

cp "$OUT/index.html" "$OUT/404.html"
printf '{\n  "api_base": "%s"\n}\n' "$API_BASE" > "$OUT/config.json"
python3 - "$OUT" "$PUBLIC_PATH" <<'PY'
import re, sys
out, public = sys.argv[1], sys.argv[2]
html = open(f"{out}/index.html").read()
css = re.findall(r'<link rel="stylesheet" href="([^"]*main-[^"]*\.css)"[^>]*>', html)
script = re.search(r'<script type="module">(.*?)</script>', html, re.S).group(1)
start = "\n".join(line.strip() for line in script.strip().splitlines() if line.strip())
open(f"{out}/embed.html", "w").write(
    "<!-- Beltmart inside your page: put these where the storefront should appear. -->\n"
    + "".join(f'<link rel="stylesheet" href="{href}">\n' for href in css)
    + f'<div id="beltmart" data-config="{public}config.json"></div>\n'
    + f'<script type="module">\n{start}\n</script>\n'
)
PY

precompress "$OUT"
say "done: upload $OUT/ to $PUBLIC_PATH on your host (README: Deploy to a CDN)"
