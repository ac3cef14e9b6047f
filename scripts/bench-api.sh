#!/usr/bin/env bash
# The API under load at one catalog size, alone (a part of scripts/bench.sh):
# the release server on the sample catalog of PRODUCTS products (the engine
# bench's, in target/bench-catalogs/, generated once), warmed up 5 s, then wrk with the shopper mix
# (scripts/shopper-mix.lua), CONNECTIONS connections for SECONDS seconds.
# Prints the start-up, the memory, the latency percentiles and the throughput.
#
#   scripts/bench-api.sh [PRODUCTS=1000000] [CONNECTIONS=32] [SECONDS=20]
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

ensure_apt_tool wrk wrk "the load generator"
cd "$ROOT"
products="${1:-1000000}" connections="${2:-32}" seconds="${3:-20}"
OUT="$ROOT/target/bench-api"
mkdir -p "$OUT"
PORT=18791
cargo build --quiet --release -p beltmart-server
source "$ROOT/scripts/bench-server.sh"
# The same sample catalogs the engine bench uses (server/benches/engine.rs).
mkdir -p target/bench-catalogs
db="$ROOT/target/bench-catalogs/$products.sqlite"
start_server "$db" "$products"
echo "SCALE products=$products start_s=$STARTUP_S rss_kb=$(proc VmRSS) db_bytes=$(stat -c %s "$db")"
PRODUCTS=$products wrk -t2 -c32 -d5s -s scripts/shopper-mix.lua "http://127.0.0.1:$PORT" > /dev/null
load "$products-c$connections" "$connections" "$seconds" "$products"
stop_server
