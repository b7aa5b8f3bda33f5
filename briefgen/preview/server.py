"""Live preview: ``briefgen serve`` builds the HTML, serves it on a loopback address and
reloads the browser whenever the content, a template, the config or a stylesheet changes.

The HTML of every document is built with the ordinary pipeline into a private temporary
folder; each rebuild goes into a fresh subfolder, so a failed or half-done build never
replaces what is being served. Served pages are decorated on the way out (never in the
build output) with a small toolbar (all documents, the PDF of this one), the errors of the
last build when it failed, and a script that reloads the page on a Server-Sent Event.
Pages work without JavaScript; they just do not reload by themselves.

Every build (HTML, and the PDF asked for one document at a time) runs on the thread that
calls :meth:`PreviewServer.run` — the main thread under the command line, where the
template time limit applies — so builds never overlap. The HTTP server and the file
watchers run in background threads.
"""

from __future__ import annotations

import html
import ipaddress
import json
import logging
import mimetypes
import re
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from briefgen.content.config import CONFIG_FILE, PYPROJECT, Config, load_config
from briefgen.content.project import CONTENT_DIR, Selection, select
from briefgen.content.reader import SLUG, WEEK
from briefgen.errors import BuildError, ContentError, Diagnostics
from briefgen.output.build import STYLESHEET_NAME, BuildOptions, build

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
EVENTS_PATH = "/_briefgen/events"
STATUS_PATH = "/_briefgen/status"
KINDS = {"themes": SLUG, "weekly": WEEK}

DEBOUNCE_MS = 400      # watchfiles groups changes for at most this long...
STEP_MS = 50           # ...and yields once nothing changed for this long
READY_MS = 250         # the watchers' idle tick; their first tick proves they are watching
KEEPALIVE_SECONDS = 10  # an idle event stream sends a comment this often
PDF_SECONDS = 300      # a PDF request gives up waiting for its build after this long
REQUEST_SECONDS = 60   # socket timeout of one request


# --- build state --------------------------------------------------------------------------


@dataclass(frozen=True)
class PreviewDocument:
    """A document in the served build: ``kind`` is "themes" or "weekly"."""

    kind: str
    id: str
    title: str

    @property
    def href(self) -> str:
        return f"/{self.kind}/{self.id}.html"

    @property
    def pdf_href(self) -> str:
        return f"/{self.kind}/{self.id}.pdf"


@dataclass(frozen=True)
class BuildState:
    """What is being served after a build: the last good output, and the errors of this build.

    ``generation`` counts builds, failed ones included: a page served at an older
    generation is out of date. ``folder`` is None until a build has succeeded.
    """

    generation: int = 0
    folder: Path | None = None
    documents: tuple[PreviewDocument, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def error_lines(exc: Exception) -> list[str]:
    """A build failure as the command line prints it, one problem a line."""
    if isinstance(exc, ContentError):
        return [str(d) for d in exc.diagnostics.sorted()]
    if isinstance(exc, BuildError):
        return [f"error: {exc}"]
    return [f"error: {type(exc).__name__}: {exc}"]


def check_host(host: str) -> str:
    """The address to listen on: ``host`` if it is a loopback address ("localhost" is 127.0.0.1).

    Raises ``ValueError`` for anything else: the preview is not for the network.
    """
    if host.strip().lower() == "localhost":
        return DEFAULT_HOST
    try:
        address = ipaddress.ip_address(host.strip().strip("[]"))
    except ValueError:
        raise ValueError(f"{host!r} is not an IP address; use a loopback address such as 127.0.0.1") from None
    if not address.is_loopback:
        raise ValueError(f"{host} is not a loopback address; the preview listens on 127.0.0.1 or ::1 only")
    return str(address)


# --- decorating served HTML ---------------------------------------------------------------

_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)

_BAR_STYLE = ("all:initial;display:block;font:13px/1.4 system-ui,sans-serif;background:#1f4e79;color:#fff;"
              "padding:4px 12px;margin:0 0 8px;border-radius:0 0 4px 4px")
_LINK_STYLE = "all:initial;font:inherit;color:#fff;text-decoration:underline;cursor:pointer;margin-right:12px"
_ERRORS_STYLE = ("all:initial;display:block;font:14px/1.45 system-ui,sans-serif;background:#fff0f0;color:#5c0000;"
                 "border:3px solid #b00020;border-radius:4px;padding:10px 14px;margin:0 0 16px")
_PRE_STYLE = ("all:initial;display:block;white-space:pre-wrap;word-break:break-word;"
              "font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;color:#5c0000;margin:6px 0 0")


def reload_script(generation: int) -> str:
    """The script that reloads the page once a build newer than ``generation`` is served."""
    return ("<script>(function(){if(!window.EventSource)return;"
            f"var s=new EventSource(\"{EVENTS_PATH}?since={int(generation)}\");"
            "s.addEventListener(\"reload\",function(){s.close();location.reload();});"
            "})();</script>")


def error_banner(errors: Iterable[str], *, stale: bool) -> str:
    """The escaped, clearly styled list of build errors shown at the top of every page."""
    errors = list(errors)
    if not errors:
        return ""
    count = f"{len(errors)} problem" + ("s" if len(errors) != 1 else "")
    shown = ("showing the last successful build" if stale else "nothing could be built yet")
    lines = "\n".join(html.escape(line) for line in errors)
    return (f'<div id="briefgen-errors" role="alert" style="{_ERRORS_STYLE}">'
            f'<strong style="all:initial;font:inherit;font-weight:700;color:inherit">'
            f"Build failed ({count}); {shown}. Fix the file and save: the page reloads.</strong>"
            f'<pre style="{_PRE_STYLE}">{lines}</pre></div>')


def toolbar(pdf_href: str | None = None) -> str:
    """The preview's own links: every document, and this document's PDF."""
    links = [f'<a href="/" style="{_LINK_STYLE}">All documents</a>']
    if pdf_href:
        links.append(f'<a href="{html.escape(pdf_href)}" style="{_LINK_STYLE}">PDF</a>')
    return (f'<nav id="briefgen-preview" aria-label="Preview" style="{_BAR_STYLE}">'
            f'<span style="all:initial;font:inherit;color:#fff;margin-right:12px;font-weight:700">'
            f"briefgen preview</span>{''.join(links)}</nav>")


def decorate_html(page: str, *, generation: int, errors: Iterable[str] = (), stale: bool = True,
                  pdf_href: str | None = None) -> str:
    """``page`` with the toolbar and error banner at the top of its body and the reload script."""
    top = "<style>@media print{#briefgen-preview,#briefgen-errors{display:none!important}}</style>" + \
        toolbar(pdf_href) + error_banner(errors, stale=stale)
    opening = _BODY_OPEN.search(page)
    if opening:
        page = page[:opening.end()] + top + page[opening.end():]
    else:
        page = top + page
    script = reload_script(generation)
    closings = list(_BODY_CLOSE.finditer(page))
    if closings:
        at = closings[-1].start()
        return page[:at] + script + page[at:]
    return page + script


def _simple_page(title: str, body: str) -> str:
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n"
            "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:0 1.25rem 3rem;"
            "color:#1b1f24}h1{color:#1f4e79}h2{color:#1f4e79;border-bottom:1px solid #c9d1da}"
            "a{color:#1f4e79}li{margin:.3rem 0}.id{color:#55606d;font-size:.85em}</style>\n"
            f"</head>\n<body>\n{body}\n</body>\n</html>\n")


def index_page(state: BuildState) -> str:
    """The page at ``/``: every theme and weekly brief of the served build, with links."""
    sections = []
    for kind, heading, newest_first in (("weekly", "Weekly briefs", True), ("themes", "Themes", False)):
        items = sorted((d for d in state.documents if d.kind == kind), key=lambda d: d.id, reverse=newest_first)
        if not items:
            continue
        rows = "\n".join(
            f'<li><a href="{html.escape(d.href)}">{html.escape(d.title)}</a> '
            f'<span class="id">{html.escape(d.id)}</span> · <a href="{html.escape(d.pdf_href)}">PDF</a></li>'
            for d in items)
        sections.append(f"<h2>{heading}</h2>\n<ul>\n{rows}\n</ul>")
    if not sections:
        sections.append("<p>No documents built yet.</p>")
    return _simple_page("briefgen preview", "<h1>briefgen preview</h1>\n" + "\n".join(sections))


def message_page(title: str, lines: Iterable[str] = ()) -> str:
    """A plain page for 400, 404 and 500 answers; ``lines`` are shown escaped."""
    text = "\n".join(html.escape(line) for line in lines)
    body = f"<h1>{html.escape(title)}</h1>" + (f"<pre style=\"white-space:pre-wrap\">{text}</pre>" if text else "")
    return _simple_page(title, body)


# --- URL paths ----------------------------------------------------------------------------


class BadPath(ValueError):
    """A request path that can never name a served file (``..``, NUL, backslash...)."""


def request_segments(raw: str) -> list[str]:
    """The path segments of a request target, decoded once; raises ``BadPath`` for traversal."""
    path = unquote(urlsplit(raw).path, errors="strict")
    if "\x00" in path or "\\" in path:
        raise BadPath(raw)
    segments = [s for s in path.split("/") if s]
    if any(s in (".", "..") for s in segments):
        raise BadPath(raw)
    return segments


def file_under(base: Path, segments: list[str]) -> Path | None:
    """The regular file ``base/segments...`` if it really lies under ``base``; else None."""
    if not segments or any(s.startswith(".") for s in segments):
        return None
    base = base.resolve()
    candidate = base.joinpath(*segments).resolve()
    if not candidate.is_relative_to(base) or not candidate.is_file():
        return None
    return candidate


def _content_type(path: Path) -> str:
    kind = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
            ".pdf": "application/pdf", ".svg": "image/svg+xml"}.get(path.suffix.lower())
    return kind or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


# --- watching -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WatchTargets:
    """What to watch: folders whose whole tree matters, and single paths watched through
    their (existing) parent folders, so an editor's save-by-rename is seen too."""

    trees: tuple[Path, ...]
    parents: tuple[Path, ...]
    names: frozenset[Path]


def watch_targets(root: Path, options: BuildOptions) -> WatchTargets:
    """Every input of a build: briefs/, the templates folder, the stylesheets, the config, the logo."""
    config = options.config
    folders = {(root / CONTENT_DIR).resolve(), options.template_dir.resolve()}
    files = {(options.css or root / STYLESHEET_NAME).resolve(), (root / CONFIG_FILE).resolve(),
             (root / PYPROJECT).resolve(), *(p.resolve() for p in config.extra_css)}
    if config.logo is not None:
        files.add(config.logo.resolve())
    trees = tuple(sorted(f for f in folders if f.is_dir()))
    names = frozenset(files | folders)
    parents = tuple(sorted({p.parent for p in names if p.parent.is_dir()} - set(trees)))
    return WatchTargets(trees, parents, names)


class Watcher:
    """Runs ``watchfiles.watch`` in background threads and calls ``on_change`` after changes."""

    def __init__(self, targets: WatchTargets, on_change: Callable[[], None]):
        self.targets = targets
        self.on_change = on_change
        self.stop_event = threading.Event()
        self._threads: list[threading.Thread] = []
        self._ready: list[threading.Event] = []

    def start(self) -> None:
        from watchfiles import DefaultFilter

        tree_filter = DefaultFilter()
        names = {str(p) for p in self.targets.names}
        jobs = []
        if self.targets.trees:
            jobs.append((self.targets.trees, True, tree_filter))
        if self.targets.parents:
            jobs.append((self.targets.parents, False, lambda change, path: path in names))
        for paths, recursive, watch_filter in jobs:
            ready = threading.Event()
            thread = threading.Thread(target=self._watch, args=(paths, recursive, watch_filter, ready),
                                      name="briefgen-watch", daemon=True)
            self._ready.append(ready)
            self._threads.append(thread)
            thread.start()

    def wait_ready(self, timeout: float = 5.0) -> bool:
        """Wait until every watcher is registered, so no later change can be missed."""
        return all(event.wait(timeout) for event in self._ready)

    def stop(self, timeout: float = 5.0) -> None:
        self.stop_event.set()
        for thread in self._threads:
            thread.join(timeout)

    def _watch(self, paths, recursive: bool, watch_filter, ready: threading.Event) -> None:
        from watchfiles import watch

        while not self.stop_event.is_set():
            existing = [p for p in paths if p.exists()]
            try:
                if not existing:
                    raise FileNotFoundError(", ".join(map(str, paths)))
                for changes in watch(*existing, watch_filter=watch_filter, debounce=DEBOUNCE_MS, step=STEP_MS,
                                     stop_event=self.stop_event, rust_timeout=READY_MS, yield_on_timeout=True,
                                     recursive=recursive, raise_interrupt=False):
                    ready.set()
                    if changes:
                        log.debug("changed: %s", changes)
                        self.on_change()
            except Exception as exc:  # a watched folder vanished, the OS refused a watch...
                log.warning("watching %s failed, retrying: %s", ", ".join(map(str, paths)), exc)
                ready.set()
            self.stop_event.wait(1.0)


# --- the server ---------------------------------------------------------------------------


@dataclass
class _PdfJob:
    kind: str
    id: str
    future: Future = field(default_factory=Future)


class PreviewServer:
    """A live preview of the project at ``root``.

    ``start()`` makes the first build, binds the address and starts watching; ``run()``
    performs the rebuilds and PDF builds until ``stop()`` (or Ctrl-C, in the thread that
    runs it); ``stop()`` stops watching, closes the server and removes the temporary folder.
    ``on_build`` is called with the new :class:`BuildState` after every build, from the
    building thread. Also a context manager: ``with PreviewServer(root) as server: ...``.
    """

    def __init__(self, root: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 templates: Path | None = None, css: Path | None = None, page_size: str | None = None,
                 on_build: Callable[[BuildState], None] | None = None):
        self.root = Path(root).resolve()
        self.host = check_host(host)
        self.requested_port = port
        self.templates = templates.resolve() if templates is not None else None
        self.css = css.resolve() if css is not None else None
        self.page_size = page_size
        self.on_build = on_build
        self._state = BuildState()
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self._rebuild_wanted = threading.Event()
        self._run_done = threading.Event()
        self._run_done.set()
        self._run_thread: threading.Thread | None = None
        self._pdf_jobs: list[_PdfJob] = []
        self._pdf_cache: dict[tuple[int, str, str], tuple[Path | None, list[str]]] = {}
        self._lock = threading.Lock()
        self._builds = 0
        self._tmp: Path | None = None
        self._httpd: _HTTPServer | None = None
        self._http_thread: threading.Thread | None = None
        self._watcher: Watcher | None = None
        self._watch_config = Config()

    # -- lifecycle

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the preview server is not started")
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def state(self) -> BuildState:
        with self._changed:
            return self._state

    @property
    def generation(self) -> int:
        return self.state.generation

    def start(self) -> None:
        """Watch, build everything once, then listen. Raises ``OSError`` if the address is taken."""
        try:
            self._tmp = Path(tempfile.mkdtemp(prefix="briefgen-serve-"))
            self._restart_watcher(watch_targets(self.root, self._options(self._watch_config)),
                                  rebuild_when_ready=False)
            self._rebuild_wanted.clear()
            self.rebuild()
            self._httpd = _HTTPServer((self.host, self.requested_port), self)
            self._http_thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                                 name="briefgen-http", daemon=True)
            self._http_thread.start()
        except BaseException:
            self.stop()
            raise

    def run(self) -> None:
        """Rebuild after changes and build the PDFs asked for, until ``stop()``."""
        self._run_done.clear()
        self._run_thread = threading.current_thread()
        try:
            while not self._stopping.is_set():
                self._wake.wait(0.25)
                self._wake.clear()
                if self._stopping.is_set():
                    break
                if self._rebuild_wanted.is_set():
                    self._rebuild_wanted.clear()
                    self.rebuild()
                while True:
                    with self._lock:
                        job = self._pdf_jobs.pop(0) if self._pdf_jobs else None
                    if job is None or self._stopping.is_set():
                        break
                    self._run_pdf_job(job)
        finally:
            self._run_done.set()

    def stop(self) -> None:
        """Stop watching and serving and remove the temporary folder; safe to call twice."""
        self._stopping.set()
        self._wake.set()
        with self._changed:
            self._changed.notify_all()
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        if self._httpd is not None:
            if self._http_thread is not None:
                self._httpd.shutdown()
                self._http_thread.join(5)
            self._httpd.server_close()
            self._http_thread = None
        if self._run_thread is not threading.current_thread():
            self._run_done.wait(30)  # run() finishes the build under way before the folder goes
        with self._lock:
            jobs, self._pdf_jobs = self._pdf_jobs, []
        for job in jobs:
            job.future.cancel()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> PreviewServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- building

    def request_rebuild(self) -> None:
        """Ask ``run()`` for a rebuild (called by the watchers)."""
        self._rebuild_wanted.set()
        self._wake.set()

    def _options(self, config: Config, out: Path | None = None, formats: tuple[str, ...] = ("html",)) -> BuildOptions:
        return BuildOptions(self.root, out or self.root, formats, config, self.templates, self.css, self.page_size)

    def rebuild(self) -> BuildState:
        """Build every document's HTML into a fresh folder and serve it; on failure keep the
        last good build and record the errors. Never raises for a problem in the project."""
        assert self._tmp is not None, "start() first"
        self._builds += 1
        folder = self._tmp / f"build-{self._builds}"
        config: Config | None = None
        try:
            config = load_config(self.root)
            diagnostics = Diagnostics()
            selection = select(self.root, [], diagnostics)
            if diagnostics.has_errors:
                raise ContentError(diagnostics)
            report = build(self._options(config, folder), selection)
        except Exception as exc:  # the server never dies on a user's mistake
            if not isinstance(exc, (ContentError, BuildError)):
                log.debug("build failed", exc_info=True)
            shutil.rmtree(folder, ignore_errors=True)
            errors = tuple(error_lines(exc))
            with self._changed:
                previous = self._state
                state = BuildState(previous.generation + 1, previous.folder, previous.documents, errors)
        else:
            documents = tuple(_documents(folder, report.written))
            with self._changed:
                previous = self._state
                state = BuildState(previous.generation + 1, folder, documents)
        with self._changed:
            self._state = state
            self._changed.notify_all()
        self._forget(keep={state.folder, previous.folder})
        if config is not None:
            self._watch_config = config
        targets = watch_targets(self.root, self._options(self._watch_config))
        if self._watcher is not None and self._watcher.targets != targets and not self._stopping.is_set():
            self._restart_watcher(targets, rebuild_when_ready=True)
        if self.on_build is not None:
            self.on_build(state)
        return state

    def _restart_watcher(self, targets: WatchTargets, *, rebuild_when_ready: bool) -> None:
        """Watch the current targets. A change made while the old watchers were replaced
        would be missed, so a rebuild follows once the new ones are registered."""
        if self._watcher is not None:
            self._watcher.stop()
        self._watcher = Watcher(targets, self.request_rebuild)
        self._watcher.start()
        if not self._watcher.wait_ready():
            log.debug("watchers slow to start")
        if rebuild_when_ready:
            self.request_rebuild()

    def _forget(self, keep: set[Path | None]) -> None:
        """Remove superseded builds (the previous one stays, for requests still reading it) and PDFs."""
        if self._tmp is None:
            return
        generation = self.state.generation
        with self._lock:
            self._pdf_cache = {k: v for k, v in self._pdf_cache.items() if k[0] == generation}
        for child in self._tmp.iterdir():
            superseded_build = child.name.startswith("build-") and child not in keep
            superseded_pdfs = child.name.startswith("pdf-") and child.name != f"pdf-{generation}"
            if superseded_build or superseded_pdfs:
                shutil.rmtree(child, ignore_errors=True)

    # -- PDF

    def pdf(self, kind: str, doc_id: str, timeout: float = PDF_SECONDS) -> tuple[Path | None, list[str]]:
        """The PDF of one document, built on demand by ``run()`` and kept until the next
        build: (path, []) or (None, error lines)."""
        generation = self.generation
        with self._lock:
            cached = self._pdf_cache.get((generation, kind, doc_id))
            if cached is not None:
                return cached
            job = _PdfJob(kind, doc_id)
            self._pdf_jobs.append(job)
        self._wake.set()
        try:
            return job.future.result(timeout)
        except FutureTimeout:
            return None, [f"error: the PDF was not built within {timeout:.0f} s"]
        except Exception as exc:  # cancelled: the server is stopping
            return None, [f"error: {type(exc).__name__}: the server is stopping"]

    def _run_pdf_job(self, job: _PdfJob) -> None:
        if not job.future.set_running_or_notify_cancel():
            return
        generation = self.generation
        key = (generation, job.kind, job.id)
        with self._lock:
            cached = self._pdf_cache.get(key)
        if cached is None:
            cached = self._build_pdf(job.kind, job.id, generation)
            with self._lock:
                if self.generation == generation:
                    self._pdf_cache[key] = cached
        job.future.set_result(cached)

    def _build_pdf(self, kind: str, doc_id: str, generation: int) -> tuple[Path | None, list[str]]:
        assert self._tmp is not None
        out = self._tmp / f"pdf-{generation}"
        ids = ((doc_id,), ()) if kind == "themes" else ((), (doc_id,))
        selection = Selection(themes=ids[0], weekly=ids[1])
        try:
            config = load_config(self.root)
            build(self._options(config, out, ("pdf",)), selection)
        except Exception as exc:  # shown as a 500 page, the server goes on
            if not isinstance(exc, (ContentError, BuildError)):
                log.debug("PDF build failed", exc_info=True)
            return None, error_lines(exc)
        path = out / kind / f"{doc_id}.pdf"
        if not path.is_file():
            return None, [f"error: {kind}/{doc_id}.pdf was not produced"]
        return path, []

    def has_document(self, kind: str, doc_id: str) -> bool:
        """Whether ``kind/doc_id`` names a theme or weekly brief of the project (for PDFs)."""
        pattern = KINDS.get(kind)
        return bool(pattern and pattern.match(doc_id)
                    and (self.root / CONTENT_DIR / kind / f"{doc_id}.yaml").is_file())

    # -- events

    def wait_for_generation(self, since: int, timeout: float) -> int:
        """Block until the generation differs from ``since``, the server stops or ``timeout``;
        returns the current generation."""
        with self._changed:
            self._changed.wait_for(lambda: self._state.generation != since or self._stopping.is_set(), timeout)
            return self._state.generation

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()


def _documents(folder: Path, written: list[Path]) -> Iterable[PreviewDocument]:
    for path in written:
        if path.suffix != ".html" or path.parent.name not in KINDS or path.parent.parent != folder:
            continue
        match = _TITLE.search(path.read_text("utf-8", errors="replace"))
        title = " ".join(html.unescape(match.group(1)).split()) if match else ""
        yield PreviewDocument(path.parent.name, path.stem, title or path.stem)


# --- HTTP ---------------------------------------------------------------------------------


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], preview: PreviewServer):
        self.preview = preview
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
        preview = self.server.preview
        try:
            segments = request_segments(self.path)
        except (BadPath, UnicodeDecodeError):
            self._page(HTTPStatus.BAD_REQUEST, message_page("Bad request"), head)
            return
        state = preview.state
        route = "/" + "/".join(segments)
        if route in ("/", "/index.html"):
            self._html(HTTPStatus.OK, index_page(state), state, head)
        elif route == EVENTS_PATH:
            self._events(head)
        elif route == STATUS_PATH:
            body = json.dumps({"generation": state.generation, "ok": state.ok, "errors": list(state.errors)})
            self._send(HTTPStatus.OK, body.encode(), "application/json", head)
        elif len(segments) == 2 and segments[0] in KINDS and segments[1].endswith(".pdf"):
            self._pdf(segments[0], segments[1].removesuffix(".pdf"), head)
        else:
            path = file_under(state.folder, segments) if state.folder is not None else None
            if path is None:
                self._html(HTTPStatus.NOT_FOUND, message_page("Not found"), state, head)
            elif path.suffix == ".html":
                pdf_href = None
                if len(segments) == 2 and segments[0] in KINDS:
                    pdf_href = f"/{segments[0]}/{path.stem}.pdf"
                self._html(HTTPStatus.OK, path.read_text("utf-8"), state, head, pdf_href)
            else:
                self._send(HTTPStatus.OK, path.read_bytes(), _content_type(path), head)

    def _pdf(self, kind: str, doc_id: str, head: bool) -> None:
        preview = self.server.preview
        if not preview.has_document(kind, doc_id):
            self._html(HTTPStatus.NOT_FOUND, message_page("Not found"), preview.state, head)
            return
        path, errors = preview.pdf(kind, doc_id)
        if path is None:
            page = message_page(f"The PDF of {kind}/{doc_id} could not be built", errors)
            self._html(HTTPStatus.INTERNAL_SERVER_ERROR, page, preview.state, head)
            return
        try:
            data = path.read_bytes()
        except OSError as exc:  # superseded by a rebuild while being sent
            self._html(HTTPStatus.SERVICE_UNAVAILABLE, message_page("Rebuilt meanwhile; reload", [str(exc)]),
                       preview.state, head)
            return
        self._send(HTTPStatus.OK, data, "application/pdf", head,
                   {"Content-Disposition": f'inline; filename="{doc_id}.pdf"'})

    def _events(self, head: bool) -> None:
        """Server-Sent Events: "reload" (data: the generation) whenever a build finishes.

        ``?since=N`` (or Last-Event-ID) is the generation the page was served at: a client
        that connects after a rebuild is told to reload at once.
        """
        preview = self.server.preview
        query = parse_qs(urlsplit(self.path).query)
        since_text = (query.get("since") or [self.headers.get("Last-Event-ID", "")])[0]
        since = int(since_text) if since_text.isdigit() else preview.generation
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if head:
            return
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not preview.stopping:
                generation = preview.wait_for_generation(since, KEEPALIVE_SECONDS)
                if preview.stopping:
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
        page = decorate_html(page, generation=state.generation, errors=state.errors,
                             stale=state.folder is not None, pdf_href=pdf_href)
        self._send(status, page.encode("utf-8"), "text/html; charset=utf-8", head)

    def _page(self, status: HTTPStatus, page: str, head: bool) -> None:
        self._send(status, page.encode("utf-8"), "text/html; charset=utf-8", head)

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, head: bool,
              headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
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
