#!/usr/bin/env bash
# Engine benchmarks: native (cargo bench) and in headless Chromium (wasm), on the same cases.
# Prints the JSON figures and the wasm/native events-per-second ratio.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh >/dev/null
native=$(cargo bench --bench engine 2>/dev/null | tail -1)
echo "native: $native"

# BASE=REV: the same native benchmark built from revision REV, run alternately with this one in
# this run, so a change's effect on the engine's speed is measured on one noisy machine at once.
if [ -n "${BASE:-}" ]; then
  # Outside this checkout: inside it, cargo would take the base for a member of this workspace.
  base_dir="$(mktemp -d)/archflow-base"
  base_target="$PWD/target/bench-base-target"
  git worktree prune
  git worktree add -q --detach "$base_dir" "$BASE"
  (cd "$base_dir" && cargo bench --no-run --bench engine --target-dir "$base_target" >/dev/null 2>&1)
  for round in 1 2; do
    before=$(cd "$base_dir" && cargo bench --bench engine --target-dir "$base_target" 2>/dev/null | tail -1)
    after=$(cargo bench --bench engine 2>/dev/null | tail -1)
    python3 - "$before" "$after" "$round" <<'PY'
import json, sys
before, after, round_ = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
for case in ("simfaas_readme", "hour_at_1000_rps", "ten_million"):
    b, a = before[case]["events_per_s"], after[case]["events_per_s"]
    print(f"round {round_}: {case}: before {b:,.0f} events/s, after {a:,.0f} events/s, after/before = {a / b:.2f}")
PY
  done
  git worktree remove --force "$base_dir"
fi
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

# archflow against SimFaaS 0.2.2 (PyPI) on SimFaaS's README case, alternating, in this one run.
cargo build --release --bin simulate >/dev/null 2>&1
if [ ! -x target/simfaas-venv/bin/python ]; then
  python3 -m venv target/simfaas-venv
  target/simfaas-venv/bin/pip install -q simfaas==0.2.2
fi
echo "side by side with SimFaaS:"
target/simfaas-venv/bin/python scripts/simfaas_side_by_side.py target/release/simulate 3

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
