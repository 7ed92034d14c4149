"""Trunk post-build hook: moves trunk's inline module loader out of index.html into its own file.

With no inline script left, the page runs under a fixed Content-Security-Policy,
`script-src 'self' 'wasm-unsafe-eval'`, instead of one that needs a new hash for every build.
The file is named after its content, so a cached copy never outlives the build it loads.
"""
import hashlib
import os
import pathlib
import re
import sys

stage = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
index = stage / "index.html"
html = index.read_text(encoding="utf-8")
inline = re.findall(r"<script type=\"module\">(.*?)</script>", html, flags=re.S)
if len(inline) != 1:
    sys.exit(f"externalise_loader: expected trunk's one inline module loader in index.html, found {len(inline)}")
code = inline[0].strip() + "\n"
name = f"loader-{hashlib.sha256(code.encode()).hexdigest()[:16]}.js"
(stage / name).write_text(code, encoding="utf-8")
html = html.replace(f"<script type=\"module\">{inline[0]}</script>", f"<script type=\"module\" src=\"./{name}\"></script>")
if "<script>" in html or "<script type=\"module\">" in html:
    sys.exit("externalise_loader: index.html still has an inline script")
index.write_text(html, encoding="utf-8")
