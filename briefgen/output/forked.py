"""Templates rendered in workers forked from the build, under the template limits.

Templates are the project's code: a runaway one must not exhaust the machine or stop the
process that builds. After the build has loaded and validated the project and compiled the
templates, ``forked_results`` starts pool workers (``briefgen.output.pool``) forked from it:
they inherit all of it copy-on-write, nothing is pickled on the way in, and each maps at
most ``TEMPLATE_MEMORY`` bytes more than the build. Only the items' indexes go to the
workers and the results come back.

Forking is safe only from a process with a single thread, on Linux. Elsewhere (``serve``
renders while its server threads run) the items are computed in this process, where the
sandbox's time budget (``briefgen.render.environment``) still stops a runaway template; no
memory limit is set on a process that other threads share.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from typing import TypeVar

from briefgen.errors import BuildError
from briefgen.output.pool import Limits, Workers, address_space
from briefgen.render import environment

Item = TypeVar("Item")
Result = TypeVar("Result")

DOCUMENT_SECONDS = 60.0  # a document still rendering after this long (stuck in a filter's C code) is stopped

# The function a worker was forked with: set by ``_adopt`` in the worker, read by ``_apply``.
# A task names it by reference only; it is the worker's own, never set in the build's process.
_inherited: list[Callable] = []


def can_fork() -> bool:
    """Whether workers may be forked from this process: Linux, and no other thread running."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def template_limits() -> Limits:
    """The limits of a worker that renders templates: ``TEMPLATE_MEMORY`` more than this
    process maps now (a fork starts as large as its parent), and ``DOCUMENT_SECONDS`` a task."""
    size = address_space()
    memory = None if size is None else size + environment.TEMPLATE_MEMORY
    return Limits(memory, DOCUMENT_SECONDS, "rendering")


def forked_results(function: Callable[[Item], Result], items: Sequence[Item], jobs: int
                   ) -> Iterator[tuple[Item, Result | BuildError]]:
    """``(item, function(item))`` for every item, as each is done, computed by up to ``jobs``
    forked workers; a worker that fails (time, memory, death) gives a ``BuildError`` for
    its item instead. ``function`` returns picklable values. Leaving early stops the workers."""
    if not items:
        return
    if not can_fork():
        for item in items:
            yield item, function(item)
        return
    workers = Workers(min(max(jobs, 1), len(items)), template_limits(), "fork",
                      initializer=_adopt, initargs=(lambda index: function(items[index]),))
    with workers:
        for index, result in workers.results((index, _apply, (index,)) for index in range(len(items))):
            yield items[index], result


def forked_map(function: Callable[[Item], Result], items: Sequence[Item], jobs: int
               ) -> Iterator[tuple[Item, Result]]:
    """``forked_results`` for a ``function`` that does not return errors: a worker's failure
    is raised, as a ``BuildError``, once the workers are stopped."""
    with closing(forked_results(function, items, jobs)) as results:
        for item, result in results:
            if isinstance(result, BuildError):
                raise result
            yield item, result


def _adopt(function: Callable) -> None:
    _inherited[:] = [function]


def _apply(index: int):
    return _inherited[0](index)
