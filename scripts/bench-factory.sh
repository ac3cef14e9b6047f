#!/usr/bin/env bash
# The factory page (issue #28's budgets): rendered by the release server at
# PRODUCTS products, one shopper at a time, for factories drawn at random
# (p99 ≤ 10 ms), then Lighthouse (mobile, default throttling) three times on
# the factory with the most products. Raw results: target/bench-factory/.
#
#   scripts/bench-factory.sh [PRODUCTS=100000] [SECONDS=20]
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

PRODUCTS="${1:-100000}"
SECONDS_LOAD="${2:-20}"
ensure_spa_tools
ensure_chromium
ensure_apt_tool wrk wrk "the load generator"
ensure_lighthouse
cd "$ROOT"
OUT="$ROOT/target/bench-factory"
rm -rf "$OUT" && mkdir -p "$OUT"
PORT=18791
[[ -f dist/ssr.html ]] || build_spa
cargo build --quiet --release -p beltmart-server
source "$ROOT/scripts/bench-server.sh"
start_server "$OUT/catalog-$PRODUCTS.sqlite" "$PRODUCTS"

say "the factories' ids, most products first"
python3 - "http://127.0.0.1:$PORT" > "$OUT/factories.lua" <<'PY'
import json, sys, urllib.request
base, ids, page = sys.argv[1], [], 1
while True:
    with urllib.request.urlopen(f"{base}/api/v1/suppliers?per_page=100&page={page}") as r:
        items = json.load(r)["items"]
    if not items:
        break
    ids += [f["id"] for f in items]
    page += 1
print("factories = {" + ",".join(json.dumps(i) for i in ids) + "}")
PY
cat > "$OUT/factory-mix.lua" <<EOF_LUA
dofile("$OUT/factories.lua")
-- A new URL each time (the ?n= is ignored by the page), so that no rendered page is reused.
request = function()
  local id = factories[math.random(#factories)]
  return wrk.format("GET", "/factory/" .. id .. "?n=" .. math.random(1000000000))
end
$(sed -n '/^function done/,/^end/p' scripts/shopper-mix.lua)
EOF_LUA

say "rendering factory pages at $PRODUCTS products, one connection, ${SECONDS_LOAD}s"
wrk -t1 -c1 -d"${SECONDS_LOAD}s" -s "$OUT/factory-mix.lua" "http://127.0.0.1:$PORT" \
    | grep '^BENCH' | tee "$OUT/render.txt"

first=$(grep -oE '"[^"]+"' "$OUT/factories.lua" | head -1 | tr -d '"')
say "Lighthouse on /factory/$first, three runs (mobile, default throttling)"
for run in 1 2 3; do
    CHROME_PATH="$(command -v chromium)" lighthouse "http://127.0.0.1:$PORT/factory/$first" --quiet \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless=new --no-sandbox" \
        --output=json --output-path="$OUT/lighthouse-factory-$run.json"
    python3 -c "import json,sys; r=json.load(open(sys.argv[1])); c=r['categories']; \
print('run $run', ' '.join(f'{k}={round(v[\"score\"]*100)}' for k,v in c.items()), \
'LCP', r['audits']['largest-contentful-paint']['displayValue'], 'CLS', r['audits']['cumulative-layout-shift']['displayValue'])" \
        "$OUT/lighthouse-factory-$run.json" | tee -a "$OUT/lighthouse.txt"
done
stop_server
