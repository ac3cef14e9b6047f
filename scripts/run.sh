#!/usr/bin/env bash
# Runs the marketplace: builds the storefront, starts the API server with the
# sample catalog (created on first start in data/), and prints the URL.
# Flags are passed to beltmart-server, e.g. scripts/run.sh --addr 0.0.0.0:8080
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

ensure_spa_tools
build_spa
say "building and starting beltmart-server (release)"
cd "$ROOT"
exec cargo run --quiet --release -p beltmart-server -- "$@"
