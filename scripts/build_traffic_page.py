"""Trunk post-build hook: builds traffic.html, the "Your traffic" chapter's page, beside index.html.

The chapter's importer and form are about 37 KB of the page, gzipped, and only its readers need
them, so they are built into a page of their own (the `traffic` feature) and the first page, the
one blog posts embed, stays without. The second page is built by trunk like the first, from
traffic.html into target/traffic-page, and its files join the first page's in the staging
directory, so `trunk build` and `trunk serve` both give the whole site.
"""
import os
import pathlib
import shutil
import subprocess
import sys

NESTED = "ARCHFLOW_TRAFFIC_PAGE"
if os.environ.get(NESTED):
    sys.exit(0)  # this is the second page's own build

stage = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
out = pathlib.Path("target/traffic-page")
command = ["trunk", "build", "traffic.html", "--dist", str(out), "--offline"]
if os.environ.get("TRUNK_PROFILE") == "release":
    command.append("--release")
# The outer build's TRUNK_* variables would be read as the nested build's settings.
env = {k: v for k, v in os.environ.items() if not k.startswith("TRUNK_")}
env[NESTED] = "1"
if subprocess.run(command, env=env).returncode != 0:
    sys.exit("build_traffic_page: the traffic page's build failed (its output is above)")
for f in out.iterdir():
    if f.is_file():
        shutil.copy(f, stage / ("traffic.html" if f.name == "index.html" else f.name))
