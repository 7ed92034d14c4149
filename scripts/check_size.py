#!/usr/bin/env python3
"""Fails when the first page (index.html and the wasm, JS and CSS it loads) grows past the budget.

Usage: check_size.py DIST. Each file is gzipped at level 9, as a static host or CDN compresses it,
and the sizes are summed. The budget lives in tests/budgets.json, nowhere else.
"""
import gzip
import json
import pathlib
import sys

dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
budget = json.loads((pathlib.Path(__file__).parent.parent / "tests/budgets.json").read_text())[
    "first_page_gzip_bytes"
]
files = [dist / "index.html"] + sorted(
    p for p in dist.iterdir() if p.suffix in (".wasm", ".js", ".css")
)
total = 0
for path in files:
    raw = path.read_bytes()
    packed = len(gzip.compress(raw, compresslevel=9, mtime=0))
    total += packed
    print(f"  {path.name}: {len(raw):,} bytes, {packed:,} gzipped")
verdict = "within" if total <= budget else "OVER"
print(f"first page: {total:,} bytes gzipped, {verdict} the budget of {budget:,}")
print(f"page weight: {1 if total <= budget else 0} passed, {0 if total <= budget else 1} failed")
sys.exit(0 if total <= budget else 1)
