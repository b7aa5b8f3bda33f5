"""Rendering on every core: processes forked from the build, sharing what it has loaded.

HTML rendering is pure Python, so one process uses one core. After the build has loaded
and validated the project and compiled the templates, ``forked_map`` forks children that
inherit all of it (copy-on-write, nothing is pickled on the way in), lets each compute a
share of the outputs, and reads the results back. It forks only where that is safe: on
Linux, from a process with a single thread (``serve`` renders from threads, and stays
serial).
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_SHARE = 4  # fewer items than this per process are not worth a fork


def processes(jobs: int, count: int) -> int:
    """How many processes should compute ``count`` items when ``jobs`` are allowed."""
    if jobs <= 1 or not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1
    return max(1, min(jobs, count // MIN_SHARE))


def forked_map(function: Callable[[Item], Result], items: Sequence[Item], jobs: int
               ) -> Iterator[tuple[Item, Result]]:
    """``(item, function(item))`` for every item, computed by this process and up to
    ``jobs - 1`` forked children: with n processes, each takes every n-th item.

    This process's own share comes first, as it is computed; each child's share follows
    when it is done. ``function`` returns picklable values and turns expected failures into
    values; a child that fails otherwise, or dies, leaves its share to this process, which
    then raises what the child would have.
    """
    count = processes(jobs, len(items))
    shares = [list(items[index::count]) for index in range(count)]
    children = [(*_fork(function, share), share) for share in shares[1:]]
    try:
        for item in shares[0]:
            yield item, function(item)
        while children:
            pid, reader, share = children.pop(0)
            yield from _collect(pid, reader, function, share)
    finally:  # left early (an error, or the caller stopped reading): no child outlives the map
        for pid, reader, _ in children:
            os.close(reader)
            _stop(pid)


def _fork(function, share) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running the parent's cleanup
        os.close(reader)
        code = 1
        try:
            data = pickle.dumps([(item, function(item)) for item in share], pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    return pid, reader


def _collect(pid: int, reader: int, function, share) -> list:
    try:
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
    except BaseException:
        _stop(pid)
        raise
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) == 0:
        try:
            return pickle.loads(data)
        except Exception:
            pass
    return [(item, function(item)) for item in share]


def _stop(pid: int) -> None:
    """End a child and reap it."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
