"""The preview's HTTP side: a loopback-only server over a :class:`~briefgen.preview.session.Session`.

It serves the files of the last good build (decorated by :mod:`briefgen.preview.overlay`),
an index of the documents at ``/``, each document's PDF on demand, the build status as
JSON, and a Server-Sent Event stream that tells open pages to reload. What it may listen
on and serve is decided by :mod:`briefgen.preview.safety`. The HTTP server runs in a
background thread; builds stay on the thread that calls :meth:`PreviewServer.run`.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import socket
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from briefgen.preview.overlay import Pages
from briefgen.preview.safety import LOOPBACK, BadPath, addressed_to_us, check_host, file_under, request_segments
from briefgen.preview.session import Session
from briefgen.preview.state import KINDS, BuildState

log = logging.getLogger(__name__)

DEFAULT_HOST = LOOPBACK
DEFAULT_PORT = 8000
EVENTS_PATH = "/_briefgen/events"
STATUS_PATH = "/_briefgen/status"
KEEPALIVE_SECONDS = 10  # an idle event stream sends a comment this often
REQUEST_SECONDS = 60    # socket timeout of one request

_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
          ".pdf": "application/pdf", ".svg": "image/svg+xml"}


def content_type(path: Path) -> str:
    """The Content-Type a served file is sent with."""
    return _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class PreviewServer:
    """A live preview of the project at ``root``, served on a loopback address.

    ``start()`` makes the first build, binds the address and starts watching; ``run()``
    performs the rebuilds and PDF builds until ``stop()`` (or Ctrl-C, in the thread that
    runs it); ``stop()`` stops watching, closes the server and removes the temporary folder.
    ``on_build`` is called with the new :class:`BuildState` after every build, from the
    building thread. Also a context manager: ``with PreviewServer(root) as server: ...``.
    """

    def __init__(self, root: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 templates: Path | None = None, css: Path | None = None, page_size: str | None = None,
                 on_build: Callable[[BuildState], None] | None = None):
        self.host = check_host(host)
        self.requested_port = port
        self.session = Session(root, templates=templates, css=css, page_size=page_size, on_build=on_build)
        self.pages = Pages(EVENTS_PATH)
        self._httpd: _HTTPServer | None = None
        self._http_thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port listened on (the one picked, when asked for port 0)."""
        if self._httpd is None:
            raise RuntimeError("the preview server is not started")
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        """The address of the index page."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def state(self) -> BuildState:
        """What the last build left to serve."""
        return self.session.state

    @property
    def generation(self) -> int:
        """The number of builds made so far, failed ones included."""
        return self.session.generation

    def start(self) -> None:
        """Watch, build everything once, then listen. Raises ``OSError`` if the address is taken."""
        try:
            self.session.start()
            self._httpd = _HTTPServer((self.host, self.requested_port), self.session, self.pages)
            self._http_thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                                 name="briefgen-http", daemon=True)
            self._http_thread.start()
        except BaseException:
            self.stop()
            raise

    def run(self) -> None:
        """Rebuild after changes and build the PDFs asked for, until ``stop()``."""
        self.session.run()

    def stop(self) -> None:
        """Stop watching and serving and remove the temporary folder; safe to call twice."""
        self.session.halt()  # event streams end before the server waits for its requests
        if self._httpd is not None:
            if self._http_thread is not None:
                self._httpd.shutdown()
                self._http_thread.join(5)
            self._httpd.server_close()
            self._http_thread = None
        self.session.stop()

    def __enter__(self) -> PreviewServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], session: Session, pages: Pages):
        self.session = session
        self.pages = pages
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "briefgen-preview"
    timeout = REQUEST_SECONDS

    def log_message(self, format: str, *args) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def do_HEAD(self) -> None:
        self._handle(head=True)

    def do_GET(self) -> None:
        self._handle(head=False)

    def _handle(self, head: bool) -> None:
        listening, port = self.server.server_address[:2]
        if not addressed_to_us(self.headers.get("Host"), self.headers.get("Origin"), listening, port):
            body = b"briefgen serve answers only requests addressed to it (Host and Origin).\n"
            self._send(HTTPStatus.FORBIDDEN, body, "text/plain; charset=utf-8", head)
            return
        state = self.server.session.state
        try:
            segments = request_segments(self.path)
        except (BadPath, UnicodeDecodeError):
            self._send(HTTPStatus.BAD_REQUEST, self.server.pages.message(state, "bad_request").encode("utf-8"),
                       _TYPES[".html"], head)
            return
        route = "/" + "/".join(segments)
        if route in ("/", "/index.html"):
            self._html(HTTPStatus.OK, self.server.pages.index(state), state, head)
        elif route == EVENTS_PATH:
            self._events(head)
        elif route == STATUS_PATH:
            body = json.dumps({"generation": state.generation, "ok": state.ok, "errors": list(state.errors)})
            self._send(HTTPStatus.OK, body.encode(), "application/json", head)
        elif len(segments) == 2 and segments[0] in KINDS and segments[1].endswith(".pdf"):
            self._pdf(segments[0], segments[1].removesuffix(".pdf"), head)
        else:
            self._file(segments, state, head)

    def _file(self, segments: list[str], state: BuildState, head: bool) -> None:
        path = file_under(state.folder, segments) if state.folder is not None else None
        if path is None:
            self._html(HTTPStatus.NOT_FOUND, self.server.pages.message(state, "not_found"), state, head)
        elif path.suffix == ".html":
            pdf_href = f"/{segments[0]}/{path.stem}.pdf" if len(segments) == 2 and segments[0] in KINDS else None
            self._html(HTTPStatus.OK, path.read_text("utf-8"), state, head, pdf_href)
        else:
            self._send(HTTPStatus.OK, path.read_bytes(), content_type(path), head)

    def _pdf(self, kind: str, doc_id: str, head: bool) -> None:
        session, pages = self.server.session, self.server.pages
        if not session.has_document(kind, doc_id):
            self._html(HTTPStatus.NOT_FOUND, pages.message(session.state, "not_found"), session.state, head)
            return
        path, errors = session.pdf(kind, doc_id)
        state = session.state
        if path is None:
            page = pages.message(state, "pdf_failed", errors, document=f"{kind}/{doc_id}")
            self._html(HTTPStatus.INTERNAL_SERVER_ERROR, page, state, head)
            return
        try:
            data = path.read_bytes()
        except OSError as exc:  # superseded by a rebuild while being sent
            self._html(HTTPStatus.SERVICE_UNAVAILABLE, pages.message(state, "rebuilt", [str(exc)]), state, head)
            return
        self._send(HTTPStatus.OK, data, "application/pdf", head,
                   {"Content-Disposition": f'inline; filename="{doc_id}.pdf"'})

    def _events(self, head: bool) -> None:
        """Server-Sent Events: "reload" (data: the generation) whenever a build finishes.

        ``?since=N`` (or Last-Event-ID) is the generation the page was served at: a client
        that connects after a rebuild is told to reload at once.
        """
        session = self.server.session
        query = parse_qs(urlsplit(self.path).query)
        since_text = (query.get("since") or [self.headers.get("Last-Event-ID", "")])[0]
        since = int(since_text) if since_text.isdigit() else session.generation
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if head:
            return
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not session.stopping:
                generation = session.wait_for_generation(since, KEEPALIVE_SECONDS)
                if session.stopping:
                    break
                if generation != since:
                    self.wfile.write(f"id: {generation}\nevent: reload\ndata: {generation}\n\n".encode())
                    since = generation
                else:
                    self.wfile.write(b": keep-alive\n\n")
        except OSError:  # the page went away
            pass
        self.close_connection = True

    def _html(self, status: HTTPStatus, page: str, state: BuildState, head: bool, pdf_href: str | None = None) -> None:
        page = self.server.pages.decorate(page, state, pdf_href)
        self._send(status, page.encode("utf-8"), _TYPES[".html"], head)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool,
              headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if not head:
                self.wfile.write(body)
        except OSError:  # the client went away
            self.close_connection = True
