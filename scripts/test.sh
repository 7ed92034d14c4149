#!/usr/bin/env bash
# Installs what is missing, then runs every test layer:
#   1. native engine and explainer tests (cargo test)
#   2. component tests in headless Chromium (wasm-bindgen-test)
#   3. end-to-end tests of the release build with Playwright, writing screenshots to screenshots/
#   4. Lighthouse on its mobile profile against the same build, as a host serves it
# and, on the way, the README's other command (scripts/serve.sh), the lints and the page-weight budget.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

say "lints: clippy on every target, native and wasm, warnings denied"
cargo clippy --workspace --all-targets --release -- -D warnings
cargo clippy --workspace --all-targets --profile web --target wasm32-unknown-unknown --features traffic -- -D warnings

say "layer 1: native tests, optimised, with debug assertions and overflow checks (profile checked)"
cargo test --profile checked --workspace

say "layer 2: component tests in headless Chromium"
CHROMEDRIVER="$(command -v chromedriver)" WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --profile web --target wasm32-unknown-unknown --features web --test components --test panic_panel

say "layer 2b: the same scenario gives the same report in the browser as natively"
cargo build --release --bin simulate
./target/release/simulate scenarios/determinism.json > target/determinism-native.json
CHROMEDRIVER="$(command -v chromedriver)" WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --profile web --target wasm32-unknown-unknown --features web --test wasm_determinism -- --nocapture 2>&1 \
  | sed -n 's/.*WASM_REPORT //p' > target/determinism-wasm.json
python3 - <<'PY'
import json, sys
native = json.load(open("target/determinism-native.json"))
wasm = json.load(open("target/determinism-wasm.json"))
if native != wasm:
    for arch in native["architectures"]:
        for key, value in native["architectures"][arch].items():
            other = wasm["architectures"].get(arch, {}).get(key)
            if other != value:
                print(f"differs: {arch}.{key}: native {value!r}, wasm {other!r}")
    print("determinism: 0 passed, 1 failed")
    sys.exit(1)
print("determinism: 1 passed, 0 failed (native and wasm reports identical)")
PY

say "layer 3a: the README's serve command builds the app and serves a working page"
# scripts/serve.sh builds dist/ (the release build the later layers test) and serves it with trunk.
serve_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PORT="$serve_port" setsid bash scripts/serve.sh > target/serve.log 2>&1 &
serve_pid=$!
stop_serving() { kill -- "-$serve_pid" 2>/dev/null || true; }
trap stop_serving EXIT
# The first build may take minutes; give up after 30, or as soon as serve.sh has exited.
for _ in $(seq 1800); do
  curl -fs "http://127.0.0.1:$serve_port/" 2>/dev/null | grep -q 'loader-' && break
  if ! kill -0 "$serve_pid" 2>/dev/null; then cat target/serve.log; echo "serve.sh exited before serving"; exit 1; fi
  sleep 1
done
BASE_URL="http://127.0.0.1:$serve_port/" SCREENSHOTS="$PWD/target/serve-screenshots" \
  ONLY='^the (page loads|diagram is present)' node tests/e2e/run.mjs
stop_serving

say "page weight: both pages, gzipped, against the budgets in tests/budgets.json"
python3 scripts/check_size.py dist

say "layer 3: end-to-end tests against the release build"
# Served under a sub-path, as on a project page, to prove the build needs no configuration there,
# and under the strict Content-Security-Policy the README documents.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 tests/e2e/serve.py dist "$port" &
server=$!
trap 'kill $server 2>/dev/null || true; stop_serving' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/archflow/" >/dev/null && break; sleep 0.1; done
e2e() {
  BASE_URL="http://127.0.0.1:$port/archflow/" SCREENSHOTS="$PWD/screenshots" SIMULATE="$PWD/target/release/simulate" \
    E2E_PART="$1" node tests/e2e/run.mjs
}
# Two processes share the tests that do not time the app, one per core; those that do run alone
# after them (E2E_PART in tests/e2e/run.mjs).
e2e 1/2 > target/e2e-1.log 2>&1 & first=$!
e2e 2/2 > target/e2e-2.log 2>&1 & second=$!
status=0
wait "$first" || status=1
wait "$second" || status=1
cat target/e2e-1.log target/e2e-2.log
e2e solo || status=1
# Every part's summary and failures again, last, where CI's tail of the log shows them.
grep -h '^failed:\|^e2e:' target/e2e-1.log target/e2e-2.log || true
[ "$status" = 0 ] || { echo "e2e: a part failed (its log is above)"; exit 1; }

say "layer 4: Lighthouse, mobile profile, against the thresholds in tests/budgets.json"
BASE_URL="http://127.0.0.1:$port/archflow/" SCREENSHOTS="$PWD/screenshots" node tests/e2e/lighthouse.mjs
