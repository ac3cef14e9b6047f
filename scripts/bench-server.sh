# Sourced by scripts/bench.sh and scripts/bench-api.sh (after tools.sh, with
# OUT and PORT set): the release server started on a catalog, and wrk with
# the shopper mix (scripts/shopper-mix.lua) against it.
SERVER=""
stop_server() {
    if [[ -n "$SERVER" ]]; then
        kill "$SERVER" 2>/dev/null || true
        wait "$SERVER" 2>/dev/null || true
    fi
    SERVER=""
}
trap stop_server EXIT
# Starts the server on a catalog; STARTUP_S is the seconds until /healthz answered.
start_server() {
    local db="$1" products="$2" started
    started=$(date +%s.%N)
    target/release/beltmart-server --addr "127.0.0.1:$PORT" --db "$db" --products "$products" \
        --dist dist > "$OUT/server-$products.log" 2>&1 &
    SERVER=$!
    until curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null; do
        kill -0 "$SERVER" 2>/dev/null || { cat "$OUT/server-$products.log" >&2; exit 1; }
        sleep 0.05
    done
    STARTUP_S=$(awk -v now="$(date +%s.%N)" -v then="$started" 'BEGIN { printf "%.2f", now - then }')
}
proc() { awk "/^$1:/ {print \$2}" "/proc/$SERVER/status"; }
cpu_seconds() { awk '{print ($14 + $15) / 100}' "/proc/$SERVER/stat"; }
load() { # NAME CONNECTIONS SECONDS PRODUCTS [PAGES=1: rendered pages, not the API]
    local before after
    before=$(cpu_seconds)
    PAGES="${5:-}" PRODUCTS="$4" wrk -t"$(( $2 < 2 ? $2 : 2 ))" -c"$2" -d"$3s" -s scripts/shopper-mix.lua "http://127.0.0.1:$PORT" \
        | grep '^BENCH' | sed "s/^BENCH/LOAD name=$1 connections=$2/" > "$OUT/load-$1.txt"
    after=$(cpu_seconds)
    echo "cpu_seconds=$(awk -v a="$after" -v b="$before" 'BEGIN { print a - b }') peak_rss_kb=$(proc VmHWM)" \
        >> "$OUT/load-$1.txt"
    cat "$OUT/load-$1.txt"
}
