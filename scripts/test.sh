#!/usr/bin/env bash
# Runs every check and test: formatting, clippy, the codec's unit and property
# tests, the server over HTTP against real SQLite (and against its own OpenAPI
# document with schemathesis), the storefront's components
# in headless Chromium, and end-to-end tests of the built SPA against the real
# server in Chromium.
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

ensure_spa_tools
ensure_chromium
ensure_axe
ensure_leptosfmt
ensure_schemathesis
ensure_postgres
ensure_topology_tools
ensure_promtool
ensure_cargo_audit
# The PostgreSQL tests start throwaway clusters with these (mandatory when CI is set),
# and server/tests/topology.rs haproxy and nginx too.
export BELTMART_POSTGRES_BIN="$POSTGRES_BIN"
# server/tests/openapi.rs runs it against the real server (mandatory when CI is set).
export BELTMART_SCHEMATHESIS="$SCHEMATHESIS"
cd "$ROOT"
# A clean clone gains nothing from incremental caches (about 2 GB of target/).
if [ "${CI:-}" = true ]; then export CARGO_INCREMENTAL=0; fi

say "checking formatting (cargo fmt --check, leptosfmt --check)"
cargo fmt --all --check
leptosfmt --check --quiet src console/src tests/components.rs
# rustfmt leaves a line it cannot fit as it is, silently (view! macros, long
# closures): in the storefront, say where.
long_lines=$(git ls-files 'src/*.rs' 'console/src/*.rs' | xargs awk 'length > 100 { print FILENAME ":" FNR }')
if [ -n "$long_lines" ]; then
    echo "lines over 100 characters that rustfmt could not fit:" >&2
    echo "$long_lines" >&2
    exit 1
fi

# The RustSec advisories, offline: a vulnerability fails the run; an
# unmaintained crate is reported (docs/dependencies.md has the decisions).
ADVISORY_DB="${BELTMART_ADVISORY_DB:-$ROOT/../shared/advisory-db}"
if [ -d "$ADVISORY_DB/crates" ]; then
    say "auditing dependencies (cargo audit against $ADVISORY_DB)"
    cargo audit --db "$ADVISORY_DB" --no-fetch --stale
else
    say "SKIPPED cargo audit: no advisory database at $ADVISORY_DB (set BELTMART_ADVISORY_DB to a copy of github.com/rustsec/advisory-db)"
fi

build_spa
say "checking the first-load size budget (scripts/bundle-size.sh --check)"
"$ROOT/scripts/bundle-size.sh" dist --check
say "building the static deployment for /shop/ (scripts/build-static.sh) for its end-to-end test"
"$ROOT/scripts/build-static.sh" /shop/ target/dist-shop

say "linting (cargo clippy, native and wasm32)"
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p beltmart --all-targets --quiet -- -D warnings
# The shipped build's pages as lazy chunks (scripts/spa-wasm.sh).
cargo clippy --target wasm32-unknown-unknown -p beltmart --features split --quiet -- -D warnings
# The build that hydrates the server's pages (ssr.html).
cargo clippy --target wasm32-unknown-unknown -p beltmart --features split,hydrate --quiet -- -D warnings
# The leptos_router build exists to measure the router decision (scripts/router-size.sh): keep it building.
cargo clippy --target wasm32-unknown-unknown -p beltmart --features leptos-router --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p beltmart-console --all-targets --quiet -- -D warnings

say "building the release server for the live-update tests (cargo build --release)"
cargo build --release --quiet -p beltmart-server
say "testing: contract, server over HTTP (schemathesis too), imports, end to end in Chromium (cargo test)"
# As root (CI), tests that need root (a small tmpfs for the full-disk test) are mandatory.
if [ "$(id -u)" = 0 ]; then export BELTMART_ROOT_TESTS=1; fi
BELTMART_SERVER_BIN="$ROOT/target/release/beltmart-server" cargo test --workspace

say "testing: storefront components in headless Chromium (wasm-bindgen-test)"
CHROMEDRIVER="$(command -v chromedriver)" cargo test --target wasm32-unknown-unknown -p beltmart --test components --test from_js
