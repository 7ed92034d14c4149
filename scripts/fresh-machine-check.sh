#!/usr/bin/env bash
# Runs the README's two commands the way a brand-new machine meets them, and times each:
#   - a clean clone of the committed HEAD (no target/, dist/ or node_modules/);
#   - an empty CARGO_HOME holding only rustup's proxies (no crates in cargo's cache, no trunk, no
#     wasm-bindgen-cli), so every crate is downloaded and every tool compiled again;
#   - a fresh npm cache.
# What it cannot make fresh: the Rust toolchain itself and Debian's packages (chromium, node), which
# are machine-wide; scripts/setup.sh installs them when missing, and the README gives their times.
# Usage: bash scripts/fresh-machine-check.sh [WORKDIR]   (about 30 to 45 minutes on 2 cores)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-$(mktemp -d /tmp/archflow-fresh.XXXXXX)}"
mkdir -p "$work"
rustup_bin="$(dirname "$(command -v rustup)")"

git clone -q "$repo" "$work/archflow"
export CARGO_HOME="$work/cargo-home"
mkdir -p "$CARGO_HOME/bin"
for tool in cargo rustc rustup rustdoc cargo-clippy clippy-driver rustfmt cargo-fmt; do
  ln -sf "$rustup_bin/$tool" "$CARGO_HOME/bin/$tool"
done
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export npm_config_cache="$work/npm-cache"
# Nothing installed by hand earlier is reachable: only the empty CARGO_HOME and the system paths.
export PATH="$CARGO_HOME/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
export CI=true
cd "$work/archflow"
echo "fresh-machine check of $(git rev-parse --short HEAD) in $work"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start=$(date +%s)
PORT="$port" setsid bash scripts/serve.sh > "$work/serve.log" 2>&1 < /dev/null &
serve_pid=$!
trap 'kill -- "-$serve_pid" 2>/dev/null || true' EXIT
served=""
while kill -0 "$serve_pid" 2>/dev/null; do
  if curl -fs "http://127.0.0.1:$port/" 2>/dev/null | grep -q 'loader-'; then
    served=$(( $(date +%s) - start ))
    break
  fi
  sleep 2
done
kill -- "-$serve_pid" 2>/dev/null || true
if [ -z "$served" ]; then
  tail -40 "$work/serve.log"
  echo "serve.sh: FAILED (it exited without serving the page)"
  echo "fresh-machine: 0 passed, 1 failed"
  exit 1
fi
echo "serve.sh: the page was served after $served s (log: $work/serve.log)"

start=$(date +%s)
if bash scripts/test.sh > "$work/test.log" 2>&1 < /dev/null; then status=0; else status=$?; fi
took=$(( $(date +%s) - start ))
grep -E 'passed, [0-9]+ failed|^test result:' "$work/test.log" | sed 's/^/  /' || true
if [ "$status" != 0 ]; then
  tail -40 "$work/test.log"
  echo "test.sh: FAILED with status $status after $took s (log: $work/test.log)"
  echo "fresh-machine: 1 passed, 1 failed"
  exit 1
fi
echo "test.sh: passed in $took s (log: $work/test.log)"
echo "fresh-machine: 2 passed, 0 failed"
