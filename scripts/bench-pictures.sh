#!/usr/bin/env bash
# Real photos (issue #29's budgets), with the release server:
#   1. COUNT photos of 2 000 × 2 000 px (0.5–1 MB JPEGs, every 4th a phone's,
#      from `beltmart-server sample-photos`) and a catalog naming one each;
#   2. its import into a new catalog: time and peak memory (/usr/bin/time);
#   3. variants served from the store, at random, 2 connections: p99 (wrk);
#   4. what a phone's first screen fetches: Lighthouse mobile on the catalog
#      and a product page (LCP, performance, CLS, and the pictures' bytes).
# Raw results: target/bench-pictures/.
#
#   scripts/bench-pictures.sh [COUNT=1000] [SECONDS=10]
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

COUNT="${1:-1000}"
SECONDS_LOAD="${2:-10}"
ensure_spa_tools
ensure_chromium
ensure_apt_tool wrk wrk "the load generator"
ensure_lighthouse
cd "$ROOT"
OUT="$ROOT/target/bench-pictures"
rm -rf "$OUT" && mkdir -p "$OUT/photos"
PORT=18792
[[ -f dist/ssr.html ]] || build_spa
cargo build --quiet --release -p beltmart-server
BIN=target/release/beltmart-server

say "$COUNT photos of 2000 px"
$BIN sample-photos "$OUT/photos" --count "$COUNT" --side 2000
du -sh "$OUT/photos" | tee "$OUT/photos.txt"
# The example photo catalog's rows, again and again, each naming its own photo.
python3 - "$COUNT" examples/photos/catalog.csv > "$OUT/photos/catalog.csv" <<'PY'
import csv, sys
count, rows = int(sys.argv[1]), list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
out = csv.DictWriter(sys.stdout, fieldnames=rows[0].keys(), lineterminator="\n")
out.writeheader()
width = len(str(count))
for n in range(1, count + 1):
    row = dict(rows[(n - 1) % len(rows)])
    row["id"] = f"{row['id']}-{n}"
    row["images"] = f"photo-{n:0{max(2, width)}d}.jpg"
    out.writerow(row)
PY

say "importing them into a new catalog"
/usr/bin/time -v $BIN import --db "$OUT/photos.sqlite" "$OUT/photos/catalog.csv" \
    > "$OUT/import.txt" 2> "$OUT/import-time.txt"
tail -2 "$OUT/import.txt"
grep -E "Elapsed|Maximum resident" "$OUT/import-time.txt" | tee "$OUT/import-figures.txt"
ls -l "$OUT/photos.sqlite" | awk '{printf "store: %.0f MB\n", $5 / 1e6}' | tee -a "$OUT/import-figures.txt"

source "$ROOT/scripts/bench-server.sh"
start_server "$OUT/photos.sqlite" 1

say "the variants' URLs, and what each card picture weighs"
python3 - "http://127.0.0.1:$PORT" "$OUT" <<'PY'
import json, sys, urllib.request
base, out = sys.argv[1], sys.argv[2]
def get(path):
    with urllib.request.urlopen(base + path) as r:
        return r.read()
urls, cards = [], []
items = json.loads(get("/api/v1/products?per_page=100"))["items"]
for item in items:
    p = item["picture"]
    urls += [f'{p["src"]}-{w}.{e}' for w in p["widths"] for e in ("webp", "jpg")]
for item in items[:24]:
    p = item["picture"]
    cards.append({w: len(get(f'{p["src"]}-{w}.webp')) for w in (320, 480)})
with open(f"{out}/variants.lua", "w") as f:
    f.write("urls = {" + ",".join(json.dumps(u) for u in urls) + "}\n")
for w in (320, 480):
    sizes = [c[w] for c in cards]
    print(f"card picture, {w} px WebP: largest {max(sizes)/1000:.1f} KB, mean {sum(sizes)/len(sizes)/1000:.1f} KB")
PY
cat > "$OUT/variants-mix.lua" <<EOF_LUA
dofile("$OUT/variants.lua")
request = function() return wrk.format("GET", urls[math.random(#urls)]) end
$(sed -n '/^function done/,/^end/p' scripts/shopper-mix.lua)
EOF_LUA
say "serving variants at random, 2 connections, ${SECONDS_LOAD}s (once to fill the cache, then measured)"
wrk -t1 -c2 -d"${SECONDS_LOAD}s" -s "$OUT/variants-mix.lua" "http://127.0.0.1:$PORT" > /dev/null
wrk -t2 -c2 -d"${SECONDS_LOAD}s" -s "$OUT/variants-mix.lua" "http://127.0.0.1:$PORT" \
    | grep '^BENCH' | tee "$OUT/serve.txt"

first=$(curl -s "http://127.0.0.1:$PORT/api/v1/products?per_page=1" | python3 -c "import json,sys; print(json.load(sys.stdin)['items'][0]['id'])")
for page in "/" "/product/$first"; do
    name=$([[ $page == / ]] && echo catalog || echo product)
    say "Lighthouse mobile on $page"
    CHROME_PATH="$(command -v chromium)" lighthouse "http://127.0.0.1:$PORT$page" --quiet \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless=new --no-sandbox" \
        --output=json --output-path="$OUT/lighthouse-$name.json"
    python3 - "$OUT/lighthouse-$name.json" "$name" <<'PY' | tee -a "$OUT/lighthouse.txt"
import json, sys
r = json.load(open(sys.argv[1]))
scores = " ".join(f"{k}={round(v['score'] * 100)}" for k, v in r["categories"].items())
audits = r["audits"]
images = [i for i in audits["network-requests"]["details"]["items"] if i.get("resourceType") == "Image"]
sent = sum(i.get("transferSize", 0) for i in images)
biggest = max((i.get("transferSize", 0) for i in images), default=0)
print(sys.argv[2], scores, "LCP", audits["largest-contentful-paint"]["displayValue"],
      "CLS", audits["cumulative-layout-shift"]["displayValue"],
      f"pictures {len(images)} = {sent / 1000:.1f} KB (largest {biggest / 1000:.1f} KB)")
PY
done
stop_server
