"""Stage 6b — write PDF: lay out print HTML with WeasyPrint, reading only allowed files.

WeasyPrint is imported here only, and this module only when a PDF is asked for: the
import alone costs about a second.

Every PDF is laid out in a worker process (``PdfWorkers``), never in the process that
renders templates and writes files: a worker maps at most ``PDF_MEMORY_LIMIT`` bytes
(``RLIMIT_AS``) and is killed when one document takes longer than ``PDF_TIME_LIMIT``
seconds, so a runaway layout (a 10,000-page document, an image that decodes to gigabytes)
becomes an error naming the document while the other documents go on. Workers are forked
from a fork server that imports WeasyPrint once, started by ``warm_up`` as soon as a build
knows it needs a PDF: the import runs on the other core while the build loads content and
renders the print HTML. Each worker lays out one document after another.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from urllib.parse import unquote, urlsplit

from briefgen.errors import BuildError
from briefgen.files import Unreadable, read_regular

UA = "pdf/ua-1"
ARCHIVAL = "pdf/a-3b"

PDF_MEMORY_LIMIT: int | None = 1536 * 1024 * 1024  # address space a PDF worker may map; None: no limit
PDF_TIME_LIMIT: float = 120.0                      # seconds one PDF may take before its worker is killed
MAX_FETCH_BYTES = 50 * 1024 * 1024                 # the largest file WeasyPrint may read (image, font)
LINK_SCHEMES = ("http", "https", "mailto")         # the only external links a PDF keeps
DATA_TYPES = ("image/", "font/", "application/font", "application/x-font", "text/css")


@dataclass(frozen=True)
class PdfOptions:
    stylesheets: list[Path]
    extra_css: str = ""
    base_dir: Path = Path(".")
    allowed: list[Path] = field(default_factory=list)  # folders (or files) WeasyPrint may read
    archival: bool = False                              # PDF/A-3b instead of PDF/UA-1
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)  # name, data, description
    date: dt.date | None = None                         # dates the attachments, never the clock


def _fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """Reads ``file:`` URLs of regular files under the allowed folders and nothing else: no
        network, no redirects, no devices; ``data:`` URLs only for images, fonts and CSS."""

        def __init__(self, allowed: list[Path]):
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True)
            self.allowed = [entry.resolve() for entry in allowed]
            self.refused: list[str] = []  # WeasyPrint swallows errors inside SVG images: kept here

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                media = url[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()
                if not media.startswith(DATA_TYPES):
                    self._refuse(f"refused to fetch {_short(url)}: a data: URL may hold only "
                                 "an image, a font or a stylesheet")
                return super().fetch(url, headers)
            if scheme != "file" or parts.netloc not in ("", "localhost"):
                self._refuse(f"refused to fetch {_short(url)}: only project files may be read")
            try:
                path = Path(unquote(parts.path)).resolve()
            except (OSError, RuntimeError, ValueError):
                self._refuse(f"refused to read {_short(url)}: not a file")
            if not self._allowed(path):
                self._refuse(f"refused to read {path}: not a file under the project's assets folder")
            data = _read_file(path)
            if data is None:
                self._refuse(f"refused to read {path}: not a regular file of at most "
                             f"{MAX_FETCH_BYTES // (1024 * 1024)} MB")
            return URLFetcherResponse(url, body=data)

        def _refuse(self, message: str):
            self.refused.append(message)
            raise FatalURLFetchingError(message)

        def _allowed(self, path: Path) -> bool:
            return any(path == entry or (entry.is_dir() and path.is_relative_to(entry)) for entry in self.allowed)

    return LocalFetcher


def _short(url: str, limit: int = 80) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


def _read_file(path: Path) -> bytes | None:
    """The bytes of regular file ``path``, at most ``MAX_FETCH_BYTES``; None for anything else."""
    try:
        return read_regular(path, MAX_FETCH_BYTES)
    except Unreadable:
        return None


def render_pdf(html: str, options: PdfOptions) -> bytes:
    """Lay out ``html`` into PDF bytes: tagged, with its provenance attached, reproducible.

    Runs in the calling process: ``PdfWorkers`` calls it in a limited worker. Any failure of
    the layout is a ``BuildError``; only ``MemoryError`` passes through.
    """
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _fetcher_class()(options.allowed)
    stamp = dt.datetime.combine(options.date or dt.date(2000, 1, 1), dt.time())
    try:
        css = [weasyprint.CSS(string=path.read_text("utf-8"), base_url=path.resolve().as_uri(),
                              url_fetcher=fetcher) for path in options.stylesheets]
        if options.extra_css:
            css.append(weasyprint.CSS(string=options.extra_css, url_fetcher=fetcher))
        attachments = [weasyprint.Attachment(file_obj=io.BytesIO(data), name=name, description=description,
                                             created=stamp, modified=stamp, relationship="Source",
                                             url_fetcher=fetcher)
                       for name, data, description in options.attachments]
        settings = {"stylesheets": css, "attachments": attachments, "pdf_identifier": True, "custom_metadata": True,
                    "pdf_variant": ARCHIVAL if options.archival else UA, "pdf_tags": True}
        document = weasyprint.HTML(string=html, base_url=options.base_dir.resolve().as_uri() + "/",
                                   url_fetcher=fetcher).render(**settings)
        _drop_unsafe_links(document)
        data = document.write_pdf(**settings)
        if fetcher.refused:  # refused inside an SVG image, whose errors WeasyPrint only logs
            raise BuildError(fetcher.refused[0])
        return data
    except FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        raise BuildError(str(cause)) from None
    except (BuildError, MemoryError):
        raise
    except Exception as exc:  # WeasyPrint failing on what it was given (a 1e9px font divides by zero)
        raise BuildError(f"PDF rendering failed: {type(exc).__name__}: {exc}") from None


def _drop_unsafe_links(document) -> None:
    """Keep only external links to http(s) and mailto: no ``javascript:``, ``data:`` or ``file:``
    action reaches the PDF, whatever a template wrote."""
    for page in document.pages:
        page.links = [link for link in page.links
                      if link[0] != "external" or urlsplit(link[1]).scheme.lower() in LINK_SCHEMES]


# -- worker processes ---------------------------------------------------------------------------

GRACE_SECONDS = 5.0  # a worker past its deadline by this much, or orphaned, ends itself


class PdfWorkers:
    """Worker processes that lay out PDFs under a memory and a time limit.

    ``render(jobs)`` takes ``(key, html, options)`` and yields ``(key, pdf_bytes)`` or
    ``(key, BuildError)`` as each document finishes. A worker that runs past the time limit
    is killed and replaced; one that runs out of memory ends, and the next document gets a
    fresh one. Use as a context manager: leaving it stops the workers.
    """

    def __init__(self, count: int = 1, memory_limit: int | None = None, time_limit: float | None = None):
        self.count = max(1, count)
        self.memory_limit = PDF_MEMORY_LIMIT if memory_limit is None else memory_limit
        self.time_limit = PDF_TIME_LIMIT if time_limit is None else time_limit
        self._idle: list[_Worker] = []
        self._busy: list[_Worker] = []

    def __enter__(self) -> PdfWorkers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker."""
        for worker in self._idle + self._busy:
            worker.stop()
        self._idle, self._busy = [], []

    def render(self, jobs: Iterable[tuple[object, str, PdfOptions]]) -> Iterator[tuple[object, bytes | BuildError]]:
        """Lay out every job. ``jobs`` is read lazily, one job ahead of the workers: a
        generator that renders each document's HTML runs while the workers lay out the
        documents before it."""
        jobs = iter(jobs)
        ahead = next(jobs, None)
        while ahead is not None or self._busy:
            while ahead is not None and len(self._busy) < self.count:
                key, html, options = ahead
                failure = self._dispatch(key, html, _absolute(options))
                if failure is not None:
                    yield key, failure
                ahead = next(jobs, None)
            if not self._busy:
                continue
            now = time.monotonic()
            timeout = max(0.0, min(worker.deadline for worker in self._busy) - now)
            ready = set(wait([w.conn for w in self._busy] + [w.process.sentinel for w in self._busy], timeout))
            for worker in list(self._busy):
                result = self._collect(worker, ready)
                if result is not None:
                    yield worker.key, result
                    worker.key = None

    def _dispatch(self, key, html: str, options: PdfOptions) -> BuildError | None:
        """Hand one document to an idle worker (starting one if needed); an error if none will take it."""
        for _attempt in range(2):  # an idle worker may have died since its last document
            try:
                worker = self._idle.pop() if self._idle else _Worker(self.memory_limit)
            except Exception as exc:  # cannot start a process: out of memory, too many processes
                return BuildError(f"cannot start a PDF worker process: {type(exc).__name__}: {exc}")
            try:
                worker.conn.send((html, options, self.time_limit))
            except (OSError, ValueError, EOFError):
                worker.stop()
                continue
            worker.key, worker.deadline = key, time.monotonic() + self.time_limit
            self._busy.append(worker)
            return None
        return BuildError("PDF rendering failed: the worker process would not take the document")

    def _collect(self, worker: _Worker, ready: set) -> bytes | BuildError | None:
        """The worker's result if it has one (or has died, or ran out of time), else None."""
        if worker.conn in ready or worker.process.sentinel in ready:
            try:
                status, value = worker.conn.recv()
            except (EOFError, OSError):  # died without an answer
                self._retire(worker)
                return BuildError(self._death(worker))
            if status == "ok":
                self._busy.remove(worker)
                self._idle.append(worker)
                return value
            self._retire(worker)  # after a memory error the worker ends; a fresh one is cleaner anyway
            if status == "memory":
                return BuildError(f"PDF rendering exceeded the memory limit of {_mib(self.memory_limit)}")
            return BuildError(value)
        if time.monotonic() >= worker.deadline:
            self._retire(worker)
            return BuildError(f"PDF rendering exceeded the time limit of {self.time_limit:g} s")
        return None

    def _retire(self, worker: _Worker) -> None:
        self._busy.remove(worker)
        worker.stop()

    def _death(self, worker: _Worker) -> str:
        code = worker.process.exitcode
        if code is not None and code < 0:
            try:
                how = signal.Signals(-code).name
            except ValueError:
                how = f"signal {-code}"
        else:
            how = f"exit status {code}"
        limit = f" (it may have run out of memory: the limit is {_mib(self.memory_limit)})" if self.memory_limit else ""
        return f"PDF rendering failed: its worker process died ({how}){limit}"


def _mib(limit: int | None) -> str:
    return f"{limit / (1024 * 1024):g} MiB" if limit else "none"


def _absolute(options: PdfOptions) -> PdfOptions:
    """``options`` with absolute paths: a worker's working folder need not be ours."""
    return dataclasses.replace(options, stylesheets=[Path(p).absolute() for p in options.stylesheets],
                               base_dir=Path(options.base_dir).absolute(),
                               allowed=[Path(p).absolute() for p in options.allowed])


def _context():
    """How workers start: forked from a fork server that has imported WeasyPrint (started
    early by ``warm_up``), so each costs milliseconds and shares WeasyPrint's memory; where
    there is no fork server (Windows), a fresh interpreter that imports it itself."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["briefgen.output.pdf_preload"])
        return context
    return multiprocessing.get_context("spawn")


def warm_up() -> None:
    """Start the process PDF workers are forked from, so that it imports WeasyPrint while
    the caller loads content and renders HTML; returns at once. Optional: the first worker
    starts it otherwise."""
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        try:
            with _main_script_hidden():
                forkserver.ensure_running()
        except OSError:  # cannot start a process now: the first document's worker reports it
            pass


@contextmanager
def _main_script_hidden() -> Iterator[None]:
    """multiprocessing runs the parent's main script again, as ``__mp_main__``, in every
    process it starts, unless Python was started with ``-m``. For the ``briefgen`` console
    script that is a second import of the whole command line in each worker, which needs
    none of it; for a script without a ``__main__`` guard, a second run. Its path is hidden
    while a worker starts."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if path is None or getattr(main, "__spec__", None) is not None:
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


class _Worker:
    def __init__(self, memory_limit: int | None):
        context = _context()
        ours, theirs = context.Pipe(duplex=True)
        self.process = context.Process(target=_work, args=(theirs, memory_limit), name="briefgen-pdf", daemon=True)
        try:
            with _main_script_hidden():
                self.process.start()
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.conn = ours
        self.key: object = None
        self.deadline = 0.0

    def stop(self) -> None:
        try:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(10)
        except (OSError, ValueError):
            pass
        self.conn.close()


def _work(conn, memory_limit: int | None) -> None:
    """A worker's life: limit memory, import WeasyPrint, then lay out documents until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops us
    _limit_memory(memory_limit)
    deadline: list[float | None] = [None]
    threading.Thread(target=_watch, args=(deadline, os.getppid()), daemon=True).start()
    import briefgen.output.pdf_preload  # noqa: F401  (WeasyPrint: already imported by the fork server)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        html, options, seconds = job
        deadline[0] = time.monotonic() + seconds + GRACE_SECONDS
        try:
            reply = ("ok", render_pdf(html, options))
        except BuildError as exc:
            reply = ("error", str(exc))
        except MemoryError:
            reply = ("memory", "")
        except BaseException as exc:
            reply = ("error", f"PDF rendering failed: {type(exc).__name__}: {exc}")
        deadline[0] = None
        del html, options, job
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory", ""))
            return
        except (OSError, ValueError):
            return
        if reply[0] == "memory":
            return


def _limit_memory(limit: int | None) -> None:
    if not limit:
        return
    try:
        import resource
    except ImportError:  # no resource limits on this platform
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def _watch(deadline: list[float | None], parent: int) -> None:
    """End this worker when its parent is gone or a document is well past its time limit."""
    while True:
        time.sleep(0.5)
        due = deadline[0]
        if os.getppid() != parent or (due is not None and time.monotonic() > due):
            os._exit(70)
