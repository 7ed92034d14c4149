#!/usr/bin/env bash
# Installs what is missing, builds the release app and serves it on http://127.0.0.1:8080
# (PORT=N for another port).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
port="${PORT:-8080}"

# Build once before serving: `trunk serve` keeps running after a failed build and answers every
# request with an empty 404, which tells the person at the browser nothing.
say "building the release app (a few minutes the first time)"
if ! trunk build --release --offline; then
  cat >&2 <<'MSG'

archflow: the build failed, so nothing is served. The cause is printed above this message.
  - "failed to download ... --offline was specified": cargo's cache lacks a crate; run
    `cargo fetch --locked` (needs cargo's registry) and try again.
  - "wasm-bindgen" or "wasm-opt" version errors: run `bash scripts/setup.sh` to install the
    pinned tools, then try again.
MSG
  exit 1
fi
say "serving on http://127.0.0.1:$port"
exec trunk serve --release --offline --address 127.0.0.1 --port "$port"
