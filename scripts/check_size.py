#!/usr/bin/env python3
"""Fails when a page (its HTML and the wasm, JS and CSS it loads) grows past its budget.

Usage: check_size.py DIST. Two pages: index.html, the first page every reader and blog embed
loads, and traffic.html, the "Your traffic" chapter's page with its importer (README, "Page weight
and speed"). Each file a page names is gzipped at level 9, as a static host or CDN compresses it,
and the sizes are summed. The budgets live in tests/budgets.json, nowhere else. Each page's size
uncompressed, and with brotli at its highest level when the `brotli` module is installed (PyPI),
is printed too: what a host that does not compress, or one that offers brotli, would send.
"""
import gzip
import importlib.util
import json
import pathlib
import re
import sys

dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
budgets = json.loads((pathlib.Path(__file__).parent.parent / "tests/budgets.json").read_text())
PAGES = [("first page", "index.html", "first_page_gzip_bytes"),
         ("traffic page", "traffic.html", "traffic_page_gzip_bytes")]

brotli = __import__("brotli") if importlib.util.find_spec("brotli") else None

failed = 0
for label, html_name, key in PAGES:
    html = dist / html_name
    if not html.exists():
        print(f"{label}: {html} is missing")
        failed += 1
        continue
    named = re.findall(r'(?:src|href)="\./([^"]+)"', html.read_text(encoding="utf-8"))
    files = [html] + [dist / n for n in sorted(set(named)) if pathlib.Path(n).suffix in (".wasm", ".js", ".css")]
    total = uncompressed = by_brotli = 0
    for path in files:
        raw = path.read_bytes()
        packed = len(gzip.compress(raw, compresslevel=9, mtime=0))
        total += packed
        uncompressed += len(raw)
        by_brotli += len(brotli.compress(raw, quality=11)) if brotli else 0
        print(f"  {path.name}: {len(raw):,} bytes, {packed:,} gzipped")
    within = total <= budgets[key]
    failed += not within
    print(f"{label}: {total:,} bytes gzipped, {'within' if within else 'OVER'} the budget of {budgets[key]:,}")
    print(f"  uncompressed {uncompressed:,} bytes" + (f"; brotli 11 {by_brotli:,} bytes" if brotli else ""))
print(f"page weight: {len(PAGES) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
