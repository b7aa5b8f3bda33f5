"""The worker pool: every template is rendered and every PDF laid out in a worker process.

One pool, pebble's ``ProcessPool``, does all of briefgen's work on other cores. Its limits
hold inside each worker only: a worker maps at most ``Limits.memory`` bytes (``RLIMIT_AS``,
set as it starts), and a task that runs longer than ``Limits.seconds`` is stopped with its
worker, which pebble replaces. The process that builds never changes its own limits and
sets no timer, so ``serve``'s threads and ``check`` run as they always do. A failure is a
``BuildError`` for that task alone (time, memory, a worker that died); the others go on.

Workers start in one of two ways (``start``):

- ``"fork"``: forked from the build once it has loaded the project and compiled the
  templates, so they inherit all of it copy-on-write and nothing is pickled on the way in
  (``briefgen.output.forked``). Only from a single-threaded process.
- ``"forkserver"``: forked from a server process that imported ``preload`` once, started
  early by ``warm_up`` (``briefgen.output.pdf``: WeasyPrint). Where there is no fork server,
  each worker is a fresh interpreter that imports it itself.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, wait
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from pebble import ProcessExpired, ProcessPool

from briefgen.errors import BuildError

Task = tuple[object, Callable, tuple]  # (key, module-level function, its arguments)


@dataclass(frozen=True)
class Limits:
    """What one worker may use, and how errors name its work ("PDF rendering")."""

    memory: int | None   # bytes of address space a worker may map; None: no limit
    seconds: float | None  # a task that takes longer is stopped with its worker; None: no limit
    name: str = "rendering"


class Workers:
    """``count`` worker processes under ``limits``. ``results(tasks)`` runs each task and
    yields ``(key, value)`` or ``(key, BuildError)`` as each finishes. Use as a context
    manager: leaving it, normally or by an exception (Ctrl-C), stops every worker."""

    def __init__(self, count: int, limits: Limits, start: str = "fork", preload: tuple[str, ...] = (),
                 initializer: Callable | None = None, initargs: tuple = ()):
        self.count = max(1, count)
        self.limits = limits
        self._start = start
        self._pool = ProcessPool(max_workers=self.count, initializer=_begin,
                                 initargs=(limits.memory, initializer, initargs),
                                 context=context(start, preload))
        self._stack = ExitStack()

    def __enter__(self) -> Workers:
        if self._start != "fork":  # workers started later, from pebble's thread, must not run our script
            self._stack.enter_context(main_script_hidden())
        return self

    def __exit__(self, *exc) -> None:
        try:
            self._pool.stop()
            self._pool.join()
        finally:
            self._stack.close()

    def results(self, tasks: Iterable[Task]) -> Iterator[tuple[object, object]]:
        """Run every task. ``tasks`` is read lazily, one ahead of the workers: a generator that
        prepares each task (renders a document's HTML) runs while the workers do the ones before."""
        tasks = iter(tasks)
        pending: dict = {}
        order: list = []
        exhausted = False
        while True:
            while not exhausted and len(pending) <= self.count:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                    break
                key, function, args = task
                future = self._pool.schedule(function, args=args, timeout=self.limits.seconds)
                pending[future] = key
                order.append(future)
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in [f for f in order if f in done]:
                order.remove(future)
                yield pending.pop(future), self._outcome(future)

    def _outcome(self, future) -> object:
        error = future.exception()
        if error is None:
            return future.result()
        name = self.limits.name
        if isinstance(error, BuildError):
            return BuildError(str(error))
        if isinstance(error, ProcessExpired):
            return BuildError(f"{name} failed: its worker process died ({_how(error.exitcode)})"
                              + (f" (it may have run out of memory: the limit is {mib(self.limits.memory)})"
                                 if self.limits.memory else ""))
        if isinstance(error, TimeoutError):
            return BuildError(f"{name} exceeded the time limit of {self.limits.seconds:g} s")
        if isinstance(error, MemoryError):
            return BuildError(f"{name} exceeded the memory limit of {mib(self.limits.memory)}")
        return BuildError(f"{name} failed: {type(error).__name__}: {error}")


def mib(limit: int | None) -> str:
    """A byte count as the limit messages show it."""
    return f"{limit / (1024 * 1024):g} MiB" if limit else "none"


def _how(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


def address_space() -> int | None:
    """The bytes of address space this process maps now; None where that cannot be read."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


# -- starting workers -----------------------------------------------------------------------------


def context(start: str, preload: tuple[str, ...] = ()):
    """The multiprocessing context workers start with: ``start`` where this platform has it,
    else fresh interpreters (``spawn``)."""
    if start in multiprocessing.get_all_start_methods():
        chosen = multiprocessing.get_context(start)
        if start == "forkserver" and preload:
            chosen.set_forkserver_preload(list(preload))
        return chosen
    return multiprocessing.get_context("spawn")


@contextmanager
def main_script_hidden() -> Iterator[None]:
    """multiprocessing runs the parent's main script again, as ``__mp_main__``, in every
    process it starts, unless Python was started with ``-m``. For the ``briefgen`` console
    script that is a second import of the whole command line in each worker, which needs
    none of it; for a script without a ``__main__`` guard, a second run. Its path is hidden
    while workers may start."""
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


def _begin(memory: int | None, initializer: Callable | None, initargs: tuple) -> None:
    """A worker's first steps, in the worker: its memory limit, a watch on its parent, then
    ``initializer``. (pebble has the worker ignore Ctrl-C: the parent handles it and stops us.)"""
    threading.Thread(target=_watch_parent, args=(os.getppid(),), name="briefgen-orphan-watch", daemon=True).start()
    _limit_memory(memory)
    if initializer is not None:
        initializer(*initargs)


def _limit_memory(limit: int | None) -> None:
    if not limit:
        return
    try:
        import resource
    except ImportError:  # no resource limits on this platform
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def _watch_parent(parent: int) -> None:
    """End this worker when its parent is gone (killed without a chance to stop us), even in
    the middle of a task."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(70)
