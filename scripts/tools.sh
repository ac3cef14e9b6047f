# Sourced by run.sh and test.sh: installs what Beltmart needs when it is missing,
# saying what it does. Versions are pinned where a mismatch breaks the build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION=0.21.14
# Must equal the wasm-bindgen version pinned in Cargo.toml / Cargo.lock.
WASM_BINDGEN_VERSION=0.2.130
# Debian's binaryen (108) produces WASM that fails in the browser; npm's 132 works.
BINARYEN_VERSION=132
# Splits the WASM into chunks (scripts/spa-wasm.sh); 0.2.4 is the first that
# knows the imports wasm-bindgen 0.2.130 leaves.
WASM_SPLIT_VERSION=0.2.4
# Minifies the JavaScript wasm-bindgen and wasm-split write (scripts/spa-wasm.sh).
TERSER_VERSION=5.51.4
# Minifies the styles (scripts/spa-wasm.sh).
LIGHTNINGCSS_VERSION=1.33.0
# Checks the pages' accessibility in the end-to-end tests (tests/e2e/accessibility.rs).
AXE_VERSION=4.10.3

export PATH="$ROOT/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_rust() {
    if ! command -v cargo >/dev/null; then
        echo "cargo is missing: install Rust with rustup (https://rustup.rs) first" >&2
        exit 1
    fi
    # rust-toolchain.toml pins the toolchain and the wasm32 target; rustup installs them on first use.
    if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
        say "adding the wasm32-unknown-unknown target (rustup)"
        rustup target add wasm32-unknown-unknown
    fi
}

ensure_trunk() {
    if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
        say "installing trunk $TRUNK_VERSION (cargo install, about 10 minutes on 2 cores, once)"
        cargo install trunk --version "$TRUNK_VERSION" --locked
    fi
}

ensure_wasm_bindgen() {
    if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
        say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (cargo install, about 3 minutes, once)"
        # Not --locked: one of its locked dependencies is no longer on crates.io.
        cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
    fi
}

ensure_wasm_split() {
    if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
        say "installing wasm-split-cli $WASM_SPLIT_VERSION (cargo install, about 2 minutes, once)"
        cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked --features build-binary
    fi
}

ensure_wasm_opt() {
    if [[ "$(wasm-opt --version 2>/dev/null)" != *"version $BINARYEN_VERSION"* ]]; then
        say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION into .tools/)"
        command -v npm >/dev/null || { echo "npm is missing: install Node.js first" >&2; exit 1; }
        npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools" "binaryen@$BINARYEN_VERSION"
    fi
}

ensure_terser() {
    if [[ "$(terser --version 2>/dev/null)" != "terser $TERSER_VERSION" ]]; then
        say "installing terser (npm terser@$TERSER_VERSION into .tools/)"
        command -v npm >/dev/null || { echo "npm is missing: install Node.js first" >&2; exit 1; }
        npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools" "terser@$TERSER_VERSION"
    fi
}

ensure_lightningcss() {
    ensure_apt_tool openssl openssl "to renew the minified styles' integrity hashes"
    # Its --version is the CLI's own (1.0.0-alpha…); the package's is in its package.json.
    local package="$ROOT/.tools/node_modules/lightningcss-cli/package.json"
    if ! grep -q "\"version\": \"$LIGHTNINGCSS_VERSION\"" "$package" 2>/dev/null; then
        say "installing lightningcss (npm lightningcss-cli@$LIGHTNINGCSS_VERSION into .tools/)"
        command -v npm >/dev/null || { echo "npm is missing: install Node.js first" >&2; exit 1; }
        npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools" "lightningcss-cli@$LIGHTNINGCSS_VERSION"
    fi
}

# axe-core, which tests/e2e/accessibility.rs runs in each page: .tools/node_modules/axe-core/axe.min.js.
ensure_axe() {
    local installed
    installed="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$ROOT/.tools/node_modules/axe-core/package.json" 2>/dev/null || true)"
    if [[ "$installed" != "$AXE_VERSION" ]]; then
        say "installing axe-core (npm axe-core@$AXE_VERSION into .tools/) for the accessibility test"
        command -v npm >/dev/null || { echo "npm is missing: install Node.js first" >&2; exit 1; }
        npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools" "axe-core@$AXE_VERSION"
    fi
}

ensure_chromium() {
    local missing=()
    command -v chromium >/dev/null || missing+=(chromium)
    command -v chromedriver >/dev/null || missing+=(chromium-driver)
    # Without a Chinese font Chromium draws the catalog's words as boxes: the
    # screenshots, and the click and Lighthouse figures, would be of a page
    # no shopper sees (their phones and desktops all have one).
    fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
    if ((${#missing[@]})); then
        say "installing ${missing[*]} (apt-get) for the browser tests"
        local sudo=""
        [[ "$(id -u)" == 0 ]] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# ensure_apt_tool COMMAND PACKAGE WHY: installs a Debian package when COMMAND is missing.
ensure_apt_tool() {
    if ! command -v "$1" >/dev/null; then
        say "installing $2 (apt-get): $3"
        local sudo=""
        [[ "$(id -u)" == 0 ]] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null
    fi
}

# haproxy and nginx, for the several-machine topology test (server/tests/topology.rs).
# They live in /usr/sbin, which a user's PATH may not have: look there.
ensure_topology_tools() {
    local missing=()
    for program in haproxy nginx; do
        [[ -x "/usr/sbin/$program" ]] || missing+=("$program")
    done
    if (( ${#missing[@]} )); then
        say "installing ${missing[*]} (apt-get) for the load balancer and CDN of the topology test"
        local sudo=""
        [[ "$(id -u)" == 0 ]] || sudo="sudo"
        $sudo apt-get update -qq
        # Debian starts packaged services where it can; the test starts its own.
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# promtool (Debian's prometheus package) checks the server's /metrics (server/tests/metrics.rs).
ensure_promtool() {
    ensure_apt_tool promtool prometheus "promtool checks the server's metrics in the tests"
}

# cargo-audit checks Cargo.lock against the RustSec advisories (scripts/test.sh).
CARGO_AUDIT_VERSION=0.22.2
ensure_cargo_audit() {
    # It names itself "cargo-audit-audit 0.22.2" when run as `cargo audit`.
    if [[ "$(cargo audit --version 2>/dev/null)" != *" $CARGO_AUDIT_VERSION" ]]; then
        say "installing cargo-audit $CARGO_AUDIT_VERSION (cargo install, about 5 minutes, once): checks dependencies against RustSec advisories"
        cargo install cargo-audit --version "$CARGO_AUDIT_VERSION" --locked
    fi
}

ensure_brotli() {
    ensure_apt_tool brotli brotli "to precompress the storefront"
}

# PostgreSQL (Debian's, 15 here) for the tests that run the catalog on it
# (server/tests/postgres.rs); they start a throwaway cluster of their own.
ensure_postgres() {
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        say "installing PostgreSQL (apt-get) for the tests of the PostgreSQL store"
        local sudo=""
        [[ "$(id -u)" == 0 ]] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
    fi
    POSTGRES_BIN="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")"
}

ensure_leptosfmt() {
    if ! command -v leptosfmt >/dev/null; then
        say "installing leptosfmt (cargo install, about 3 minutes, once): formats the view! macros"
        cargo install leptosfmt --locked --version 0.1.33
    fi
}

ensure_twiggy() {
    if ! command -v twiggy >/dev/null; then
        say "installing twiggy (cargo install, about 1 minute, once): WASM size by function"
        cargo install twiggy --locked
    fi
}

ensure_lighthouse() {
    if ! command -v lighthouse >/dev/null; then
        say "installing lighthouse (npm, into .tools/)"
        command -v npm >/dev/null || { echo "npm is missing: install Node.js first" >&2; exit 1; }
        npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools" lighthouse@12
    fi
}

# schemathesis (PyPI) runs the API against its own OpenAPI document
# (server/tests/openapi.rs); it lives in a virtualenv under target/.
SCHEMATHESIS_VERSION=4.32.5
# Pinned too, so that a new hypothesis release cannot change a run's cases.
HYPOTHESIS_VERSION=6.170.27
SCHEMATHESIS_VENV="$ROOT/target/venv"
SCHEMATHESIS="$SCHEMATHESIS_VENV/bin/schemathesis"

ensure_schemathesis() {
    local hypothesis
    hypothesis="$("$SCHEMATHESIS_VENV/bin/python" -c 'import hypothesis; print(hypothesis.__version__)' 2>/dev/null || true)"
    if [[ "$("$SCHEMATHESIS" --version 2>/dev/null)" != *"$SCHEMATHESIS_VERSION"* || "$hypothesis" != "$HYPOTHESIS_VERSION" ]]; then
        ensure_apt_tool python3 python3 "to run schemathesis"
        if [[ ! -x "$SCHEMATHESIS_VENV/bin/pip" ]]; then
            if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
                say "installing python3-venv (apt-get) to make schemathesis's virtualenv"
                local sudo=""
                [[ "$(id -u)" == 0 ]] || sudo="sudo"
                $sudo apt-get update -qq
                DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
            fi
            say "making a Python virtualenv in target/venv/ for schemathesis"
            python3 -m venv --clear "$SCHEMATHESIS_VENV"
        fi
        say "installing schemathesis $SCHEMATHESIS_VERSION (pip, into target/venv/, about a minute, once): tests the API against its OpenAPI document"
        "$SCHEMATHESIS_VENV/bin/pip" install --quiet --disable-pip-version-check \
            "schemathesis==$SCHEMATHESIS_VERSION" "hypothesis==$HYPOTHESIS_VERSION"
    fi
}

# Writes .br (brotli -q 11) and .gz beside each text and WASM file of a built
# storefront; servers send them as they are instead of compressing on the fly.
precompress() {
    say "precompressing $1/ (brotli and gzip beside each file)"
    find "$1" -type f \( -name '*.html' -o -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.json' -o -name '*.svg' \) \
        -print0 | while IFS= read -r -d '' file; do
        brotli --force --keep --best "$file"
        gzip --force --keep --best "$file"
    done
}

# Builds the SPA into dist/ (release, size-optimised, wasm-opt'ed, precompressed).
# Everything a release build of the storefront needs.
ensure_spa_tools() {
    ensure_rust
    ensure_trunk
    ensure_wasm_bindgen
    ensure_wasm_split
    ensure_wasm_opt
    ensure_terser
    ensure_lightningcss
    ensure_brotli
}

build_spa() {
    ensure_brotli
    say "building the storefront (trunk build --release) into dist/"
    (cd "$ROOT" && cargo fetch --quiet && trunk build --release --offline)
    say "building the console (scripts/console-build.sh) into dist/console/"
    "$ROOT/scripts/console-build.sh" "$ROOT/dist"
    precompress "$ROOT/dist"
}
