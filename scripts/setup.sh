#!/usr/bin/env bash
# Installs what archflow's build and tests need, skipping whatever is already there at the right
# version. Sources: cargo's registry, Debian's packages and npm only (no other downloads).
# Usage: source scripts/setup.sh   (or bash scripts/setup.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRUNK_VERSION=0.21.14
# The CLI must equal the wasm-bindgen crate pinned in Cargo.toml.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/node_modules/.bin:$PATH"
export DEBIAN_FRONTEND=noninteractive

say() { printf '\n==> %s\n' "$*"; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  apt-get install -y -qq "$@" >/dev/null
}

if ! command -v cargo >/dev/null; then
  echo "cargo is missing: this project needs the machine's Rust toolchain (rustup)" >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Debian's chromium and chromium-driver"
  apt_install chromium chromium-driver
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  say "installing Debian's nodejs and npm"
  apt_install nodejs npm
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION from crates.io (about 10-20 minutes the first time)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (about 10 minutes the first time)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# wasm-opt (npm binaryen) and playwright-core; reinstalled only when package-lock.json changed.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.archflow-lock; then
  say "installing npm tools (binaryen's wasm-opt, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.archflow-lock
fi

# Trunk runs cargo with --offline (it must never download a tool), so every crate for both the
# native and the wasm target must already be in cargo's cache. `cargo fetch` with no --target
# fetches for all targets; on a warm cache it only checks the lock file.
say "fetching the crates for the native and wasm builds"
cargo fetch --locked
