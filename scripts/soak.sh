#!/usr/bin/env bash
# Soak: the release server with 100 000 products under a mix of catalog queries
# for SECONDS at CONNECTIONS on loopback. Fails on any failed request; reports
# throughput, latency and memory at start and end.
#
#   scripts/soak.sh [SECONDS=60] [CONNECTIONS=32] [PRODUCTS=100000]
#
# 32 connections keep 2 cores busy at the budget's rate (≥ 5 000 req/s); more
# connections add queueing, not load (docs/reliability.md).
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

SECONDS_TO_RUN="${1:-60}"
CONNECTIONS="${2:-32}"
PRODUCTS="${3:-100000}"
export PRODUCTS # product page ids in scripts/shopper-mix.lua
PORT=18765

ensure_rust
ensure_apt_tool wrk wrk "the load generator"
cd "$ROOT"
say "building the release server"
cargo build --quiet --release -p beltmart-server

WORK="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
say "starting it with $PRODUCTS products on 127.0.0.1:$PORT"
target/release/beltmart-server --addr "127.0.0.1:$PORT" --db "$WORK/catalog.sqlite" \
    --products "$PRODUCTS" --dist /nonexistent > "$WORK/server.log" 2>&1 &
SERVER=$!
until curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null; do
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.2
done
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER/status"; }
hwm() { awk '/VmHWM/ {print $2}' "/proc/$SERVER/status"; }
wrk -t2 -c"$CONNECTIONS" -d5s -s scripts/shopper-mix.lua "http://127.0.0.1:$PORT" > /dev/null
START_RSS=$(rss)
say "soaking for ${SECONDS_TO_RUN}s at $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --latency -s scripts/shopper-mix.lua \
    "http://127.0.0.1:$PORT" | tee "$WORK/wrk.txt"
END_RSS=$(rss)
echo
echo "RSS after warm-up: ${START_RSS} kB; at the end: ${END_RSS} kB; peak: $(hwm) kB"
if grep -qE "Non-2xx|Socket errors" "$WORK/wrk.txt"; then
    echo "soak FAILED: some requests failed" >&2
    exit 1
fi
kill -0 "$SERVER" || { echo "soak FAILED: the server died" >&2; exit 1; }
echo "soak passed: no failed request"
