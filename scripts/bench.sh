#!/usr/bin/env bash
# Every benchmark, bounded in time (about 15 minutes on 2 cores), then
# docs/perf.md from the results (scripts/perf-report.py):
#   1. bundle: first-load sizes, and a size report per crate (twiggy);
#   2. engine: criterion, at 10 000, 100 000 and 1 000 000 products;
#   3. scale and load: for each size, start-up, memory, database size, and the
#      release server under wrk with scripts/shopper-mix.lua on loopback;
#   4. browser: click to painted results in headless Chromium (100 000 products);
#   5. Lighthouse (mobile, default throttling) on the catalog and a product page,
#      three runs each (the report takes the median).
# Raw results go to target/bench/.
#
#   scripts/bench.sh            (or: make bench)
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

ensure_spa_tools
ensure_chromium
ensure_apt_tool wrk wrk "the load generator"
ensure_apt_tool python3 python3 "to write the report"
ensure_twiggy
ensure_lighthouse
cd "$ROOT"
OUT="$ROOT/target/bench"
rm -rf "$OUT" && mkdir -p "$OUT"
PORT=18790
SIZES=(10000 100000 1000000)

say "1/5 bundle: building the storefront and measuring its first load"
build_spa
scripts/bundle-size.sh dist > "$OUT/bundle.md"
twiggy top -n 1000000 -f csv target/wasm32-unknown-unknown/wasm-release/beltmart.wasm > "$OUT/twiggy.csv"
scripts/router-size.sh | grep '^|' > "$OUT/router-size.md"

say "2/5 engine: criterion at ${SIZES[*]} products (catalogs cached in target/bench-catalogs/)"
BELTMART_BENCH_SIZES="$(IFS=,; echo "${SIZES[*]}")" cargo bench --quiet -p beltmart-server --bench engine \
    | tee "$OUT/engine.txt"

say "3/5 scale and load: the release server at each size"
cargo build --quiet --release -p beltmart-server
source "$ROOT/scripts/bench-server.sh"
for products in "${SIZES[@]}"; do
    db="$OUT/catalog-$products.sqlite"
    start_server "$db" "$products" && cold=$STARTUP_S
    stop_server
    start_server "$db" "$products" && warm=$STARTUP_S
    echo "SCALE products=$products cold_start_s=$cold warm_start_s=$warm rss_kb=$(proc VmRSS) db_bytes=$(stat -c %s "$db")" \
        | tee "$OUT/scale-$products.txt"
    if [[ $products == 100000 ]]; then
        # Before any load: the first query at each quantity builds its view.
        python3 scripts/took-ms.py "http://127.0.0.1:$PORT" 'city=yiwu' 'qty=20&city=yiwu' \
            'category=shoes&price=30-50' 'qty=100&category=shoes&price=30-50' \
            'qty=100&price=10-30&sort=price_asc' 'qty=1' 'qty=50&sort=price_desc' \
            'qty=37&city=jinjiang' 'qty=7' | tee "$OUT/quantity.md"
    fi
    PRODUCTS=$products wrk -t2 -c32 -d5s -s scripts/shopper-mix.lua "http://127.0.0.1:$PORT" > /dev/null
    load "$products" 32 20 "$products"
    if [[ $products == 100000 ]]; then
        load "$products-c64" 64 20 "$products"
        # The storefront's pages rendered on the server, at the same queries: one
        # shopper at a time (the render's own latency), then 32 (throughput).
        load "$products-pages-c1" 1 20 "$products" 1
        load "$products-pages" 32 20 "$products" 1

        say "4/5 browser: click to painted results, 100 000 products"
        BELTMART_PERF_URL="http://127.0.0.1:$PORT/" BELTMART_PERF_OUT="$OUT/click.json" \
            CHROMEDRIVER="$(command -v chromedriver)" \
            cargo test --quiet -p beltmart --test e2e -- --ignored --exact perf::click_to_paint

        say "5/5 Lighthouse: catalog and product page, three runs each (mobile, default throttling)"
        for page in catalog:/ product:/product/p1; do
            for run in 1 2 3; do
                CHROME_PATH="$(command -v chromium)" lighthouse "http://127.0.0.1:$PORT${page#*:}" --quiet \
                    --only-categories=performance,accessibility,best-practices,seo \
                    --chrome-flags="--headless=new --no-sandbox" \
                    --output=json --output-path="$OUT/lighthouse-${page%%:*}-$run.json"
            done
        done
    fi
    stop_server
done

say "writing docs/perf.md"
python3 scripts/perf-report.py "$OUT" > docs/perf.md
say "done: docs/perf.md"
