"""Serves the built site for the end-to-end tests as a host would: under a sub-path (/archflow/),
with the MIME types the README asks for and the strict Content-Security-Policy it documents, so
every end-to-end test also proves the app runs under that policy. Like any static host or CDN it
compresses text and wasm with gzip for clients that accept it, and lets browsers keep the files
whose names carry a content hash for a year (index.html is revalidated every time).

Usage: python3 tests/e2e/serve.py DIST_DIR PORT
"""
import functools
import gzip
import http.server
import os
import re
import sys

PREFIX = "/archflow/"
COMPRESSED = {".wasm", ".js", ".css", ".html", ".svg", ".json"}
# trunk names its outputs name-<hex hash>[_bg].ext: a new build gets new names.
HASHED = re.compile(r"-[0-9a-f]{8,16}(_bg)?\.[a-z]+$")
# Compressed bodies by (path, modification time), so a file is compressed once per build.
_gzipped = {}
# The policy from the README's "Hosting" section.
POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; base-uri 'none'; form-action 'none'; object-src 'none'"


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".css": "text/css",
        ".svg": "image/svg+xml",
    }

    def translate_path(self, path):
        if not path.startswith(PREFIX):
            return "/nonexistent"
        return super().translate_path("/" + path[len(PREFIX):])

    def send_head(self):
        path = self.translate_path(self.path.split("?", 1)[0].split("#", 1)[0])
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if (
            not accepts_gzip
            or os.path.splitext(path)[1] not in COMPRESSED
            or not os.path.isfile(path)
        ):
            return super().send_head()
        key = (path, os.stat(path).st_mtime_ns)
        if key not in _gzipped:
            with open(path, "rb") as f:
                _gzipped[key] = gzip.compress(f.read(), 6)
        body = _gzipped[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)

    def end_headers(self):
        name = self.path.split("?", 1)[0]
        if HASHED.search(name):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
        # The sample blog post stands for somebody else's page, with its own policy; the
        # widgets it embeds are ours and get ours.
        if not self.path.startswith(PREFIX + "examples/"):
            self.send_header("Content-Security-Policy", POLICY)
        super().end_headers()

    def log_message(self, *args):
        pass

    def handle(self):
        # A page that moves on (the first page sending a link to traffic.html) cancels its
        # downloads: a browser hanging up is not a server error, and its traceback would crowd
        # the failures out of CI's log.
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Body:
    """A compressed body, read the way SimpleHTTPRequestHandler copies a file."""

    def __init__(self, data):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


directory, port = sys.argv[1], int(sys.argv[2])
server = http.server.ThreadingHTTPServer(
    ("127.0.0.1", port), functools.partial(Handler, directory=directory)
)
server.serve_forever()
