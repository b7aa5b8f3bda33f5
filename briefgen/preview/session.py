"""The build loop of the live preview: what is built, when, and what is served meanwhile.

The HTML of every document is built with the ordinary pipeline into a private temporary
folder; each rebuild goes into a fresh subfolder, so a failed or half-done build never
replaces what is being served. A change to any input (see :mod:`briefgen.preview.watch`)
rebuilds everything; a document's PDF is built only when asked for, and kept until the
next build.

Every build (HTML, and the PDF asked for one document at a time) runs on the thread that
calls :meth:`Session.run` — the main thread under the command line, where the template
time limit applies — so builds never overlap. Other threads only ask and wait.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.content.config import Config, load_config
from briefgen.content.editions import original_id
from briefgen.content.project import CONTENT_DIR, Selection, select
from briefgen.errors import BuildError, ContentError, Diagnostics
from briefgen.output.build import BuildOptions, build
from briefgen.preview.overlay import preview_words
from briefgen.preview.state import KINDS, BuildState, documents_in, error_lines
from briefgen.preview.watch import Watcher, WatchTargets, watch_targets

log = logging.getLogger(__name__)

PDF_SECONDS = 300  # a PDF request gives up waiting for its build after this long
PdfResult = tuple[Path | None, list[str]]  # the PDF, or None and the error lines


@dataclass
class _PdfJob:
    kind: str
    id: str
    future: Future = field(default_factory=Future)


class Session:
    """The builds of the project at ``root``, rebuilt whenever one of its inputs changes.

    ``start()`` starts watching and makes the first build; ``run()`` performs the rebuilds
    and PDF builds until ``stop()`` (or Ctrl-C, in the thread that runs it); ``stop()``
    stops watching and removes the temporary folder. ``on_build`` is called with the new
    :class:`BuildState` after every build, from the building thread.
    """

    def __init__(self, root: Path, *, templates: Path | None = None, css: Path | None = None,
                 page_size: str | None = None, on_build: Callable[[BuildState], None] | None = None):
        self.root = Path(root).resolve()
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
        self._pdf_cache: dict[tuple[int, str, str], PdfResult] = {}
        self._lock = threading.Lock()
        self._builds = 0
        self._tmp: Path | None = None
        self._watcher: Watcher | None = None
        self._watch_config = Config()

    @property
    def state(self) -> BuildState:
        """What the last build left to serve."""
        with self._changed:
            return self._state

    @property
    def generation(self) -> int:
        """The number of builds made so far, failed ones included."""
        return self.state.generation

    @property
    def stopping(self) -> bool:
        """Whether ``stop()`` has been called."""
        return self._stopping.is_set()

    # -- lifecycle

    def start(self) -> None:
        """Start watching, then build everything once."""
        self._tmp = Path(tempfile.mkdtemp(prefix="briefgen-serve-"))
        self._restart_watcher(watch_targets(self.root, self._options(self._watch_config)), rebuild_when_ready=False)
        self._rebuild_wanted.clear()
        self.rebuild()

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
                self._run_pdf_jobs()
        finally:
            self._run_done.set()

    def halt(self) -> None:
        """Stop watching and wake every waiter (event streams end); builds are left to ``stop()``."""
        self._stopping.set()
        self._wake.set()
        with self._changed:
            self._changed.notify_all()
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None

    def stop(self) -> None:
        """Halt, let ``run()`` finish the build under way, then remove the temporary folder;
        safe to call twice."""
        self.halt()
        if self._run_thread is not threading.current_thread():
            self._run_done.wait(30)  # run() finishes the build under way before the folder goes
        with self._lock:
            jobs, self._pdf_jobs = self._pdf_jobs, []
        for job in jobs:
            job.future.cancel()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

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
            self._watch_config = config
            diagnostics = Diagnostics()
            selection = select(self.root, [], diagnostics)
            if diagnostics.has_errors:
                raise ContentError(diagnostics)
            report = build(self._options(config, folder), selection)
        except Exception as exc:  # the server never dies on a user's mistake
            if not isinstance(exc, (ContentError, BuildError)):
                log.debug("build failed", exc_info=True)
            shutil.rmtree(folder, ignore_errors=True)
            state, previous = self._publish(None, (), tuple(error_lines(exc)))
        else:
            state, previous = self._publish(folder, tuple(documents_in(folder, report.written)), ())
        self._forget(keep={state.folder, previous.folder})
        targets = watch_targets(self.root, self._options(self._watch_config))
        if self._watcher is not None and self._watcher.targets != targets and not self._stopping.is_set():
            self._restart_watcher(targets, rebuild_when_ready=True)
        if self.on_build is not None:
            self.on_build(state)
        return state

    def _publish(self, folder: Path | None, documents: tuple, errors: tuple[str, ...]) -> tuple[BuildState, BuildState]:
        """Serve the next generation (a failed build keeps the last good folder); returns it and the one before."""
        with self._changed:
            previous = self._state
            if folder is None:
                folder, documents = previous.folder, previous.documents
            self._state = BuildState(previous.generation + 1, folder, documents, errors, self._watch_config.lang,
                                     self._watch_config.labels)
            self._changed.notify_all()
            return self._state, previous

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

    def has_document(self, kind: str, doc_id: str) -> bool:
        """Whether ``kind/doc_id`` names a theme or weekly brief of the project, or a language
        edition of one (for PDFs)."""
        pattern = KINDS.get(kind)
        return bool(pattern and pattern.match(original_id(doc_id))
                    and (self.root / CONTENT_DIR / kind / f"{doc_id}.yaml").is_file())

    def pdf(self, kind: str, doc_id: str, timeout: float = PDF_SECONDS) -> PdfResult:
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
        words = preview_words(self.state.lang, self.state.labels)
        try:
            return job.future.result(timeout)
        except FutureTimeout:
            return None, [words["pdf_late"].format(seconds=f"{timeout:.0f}")]
        except Exception as exc:  # cancelled: the server is stopping
            return None, [words["pdf_stopped"].format(error=type(exc).__name__)]

    def _run_pdf_jobs(self) -> None:
        while not self._stopping.is_set():
            with self._lock:
                job = self._pdf_jobs.pop(0) if self._pdf_jobs else None
            if job is None:
                return
            self._run_pdf_job(job)

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

    def _build_pdf(self, kind: str, doc_id: str, generation: int) -> PdfResult:
        assert self._tmp is not None
        out = self._tmp / f"pdf-{generation}"
        ids = ((doc_id,), ()) if kind == "themes" else ((), (doc_id,))
        try:
            config = load_config(self.root)
            build(self._options(config, out, ("pdf",)), Selection(themes=ids[0], weekly=ids[1]))
        except Exception as exc:  # shown as a 500 page, the server goes on
            if not isinstance(exc, (ContentError, BuildError)):
                log.debug("PDF build failed", exc_info=True)
            return None, error_lines(exc)
        path = out / kind / f"{doc_id}.pdf"
        if not path.is_file():
            words = preview_words(self.state.lang, self.state.labels)
            return None, [words["pdf_missing"].format(document=f"{kind}/{doc_id}")]
        return path, []

    # -- events

    def wait_for_generation(self, since: int, timeout: float) -> int:
        """Block until the generation differs from ``since``, the session stops or ``timeout``;
        returns the current generation."""
        with self._changed:
            self._changed.wait_for(lambda: self._state.generation != since or self._stopping.is_set(), timeout)
            return self._state.generation
