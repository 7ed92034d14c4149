"""Serves the built site for the end-to-end tests as a host would: under a sub-path (/archflow/),
with the MIME types the README asks for and the strict Content-Security-Policy it documents, so
every end-to-end test also proves the app runs under that policy.

Usage: python3 tests/e2e/serve.py DIST_DIR PORT
"""
import functools
import http.server
import sys

PREFIX = "/archflow/"
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

    def end_headers(self):
        # The sample blog post stands for somebody else's page, with its own policy; the
        # widgets it embeds are ours and get ours.
        if not self.path.startswith(PREFIX + "examples/"):
            self.send_header("Content-Security-Policy", POLICY)
        super().end_headers()

    def log_message(self, *args):
        pass


directory, port = sys.argv[1], int(sys.argv[2])
server = http.server.ThreadingHTTPServer(
    ("127.0.0.1", port), functools.partial(Handler, directory=directory)
)
server.serve_forever()
