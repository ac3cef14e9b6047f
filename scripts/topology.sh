#!/usr/bin/env bash
# The several-machine topology under load (server/tests/topology.rs): PostgreSQL,
# three release replicas behind haproxy, nginx in front as a caching CDN;
# shoppers query through nginx while the catalog is imported, every replica
# restarts in turn, a replica starts during an import and PostgreSQL restarts.
# Writes the figures into docs/deploy.md (about a minute with the build done).
#
#   scripts/topology.sh
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

ensure_rust
ensure_postgres
ensure_topology_tools
cd "$ROOT"
say "building the release server (cargo build --release)"
cargo build --release --quiet -p beltmart-server
say "running the topology (cargo test --test topology) and writing its figures into docs/deploy.md"
BELTMART_POSTGRES_BIN="$POSTGRES_BIN" \
BELTMART_SERVER_BIN="$ROOT/target/release/beltmart-server" \
BELTMART_TOPOLOGY_DOC="$ROOT/docs/deploy.md" \
    cargo test --quiet -p beltmart-server --test topology -- --nocapture
