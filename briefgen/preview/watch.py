"""Watching a project's inputs: the content, the templates, the stylesheets, the config, the
project's words, the logo.

``watchfiles`` runs in background threads; the watcher only calls back, it never builds.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefgen.content.config import CONFIG_FILE, PYPROJECT
from briefgen.content.project import CONTENT_DIR
from briefgen.content.wording import LABELS_DIR
from briefgen.output.build import STYLESHEET_NAME, BuildOptions

log = logging.getLogger(__name__)

DEBOUNCE_MS = 400  # watchfiles groups changes for at most this long...
STEP_MS = 50       # ...and yields once nothing changed for this long
READY_MS = 250     # the watchers' idle tick; their first tick proves they are watching
RETRY_SECONDS = 1.0  # a watch that failed (a folder vanished) is tried again after this long


@dataclass(frozen=True)
class WatchTargets:
    """What to watch: folders whose whole tree matters, and single paths watched through
    their (existing) parent folders, so an editor's save-by-rename is seen too."""

    trees: tuple[Path, ...]
    parents: tuple[Path, ...]
    names: frozenset[Path]


def watch_targets(root: Path, options: BuildOptions) -> WatchTargets:
    """Every input of a build: briefs/, the templates folder, the stylesheets, the config, the
    project's labels/, the logo."""
    config = options.config
    folders = {(root / CONTENT_DIR).resolve(), options.template_dir.resolve(), (root / LABELS_DIR).resolve()}
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
        """Start one thread for the folder trees and one for the single paths."""
        from watchfiles import DefaultFilter

        names = {str(p) for p in self.targets.names}
        jobs = []
        if self.targets.trees:
            jobs.append((self.targets.trees, True, DefaultFilter()))
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
        """Stop every watching thread."""
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
            self.stop_event.wait(RETRY_SECONDS)
