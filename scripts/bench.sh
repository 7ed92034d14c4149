#!/usr/bin/env bash
# Engine benchmarks: native (cargo bench) and in headless Chromium (wasm), on the same cases.
# Prints the JSON figures and the wasm/native events-per-second ratio.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh >/dev/null
native=$(cargo bench --bench engine 2>/dev/null | tail -1)
echo "native: $native"
wasm=$(CHROMEDRIVER="$(command -v chromedriver)" WASM_BINDGEN_TEST_TIMEOUT=600 \
  cargo test --profile web --target wasm32-unknown-unknown --features web --test wasm_bench -- --nocapture 2>&1 | grep -o 'WASM_BENCH .*' | sed 's/^WASM_BENCH //')
echo "wasm:"
echo "$wasm"
python3 - "$native" "$wasm" <<'PY'
import json, sys
native = json.loads(sys.argv[1])
for line in sys.argv[2].splitlines():
    w = json.loads(line)
    n = native[w["case"]]
    print(f'{w["case"]}: native {n["events_per_s"]:.0f} events/s, wasm {w["events_per_s"]:.0f} events/s, native/wasm = {n["events_per_s"] / w["events_per_s"]:.2f}')
PY

# Browser figures: first diagram, frame times with dots in flight, long tasks, reaction to a
# parameter change, memory after playback at maximum speed (PLAY_SECONDS, default 120).
trunk build --release --offline >/dev/null 2>&1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 tests/e2e/serve.py dist "$port" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/archflow/" >/dev/null && break; sleep 0.1; done
echo "browser:"
BASE_URL="http://127.0.0.1:$port/archflow/" node tests/e2e/perf.mjs
