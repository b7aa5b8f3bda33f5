"""The worker pool: limits hold in the workers, never in the process that builds."""

from __future__ import annotations

import os
import resource
import signal
import sys
import time

import pytest

from briefgen.content.project import Selection
from briefgen.errors import BuildError
from briefgen.output.build import BuildOptions, build
from briefgen.output.pool import Limits, Workers
from tests.conftest import write

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS and fork: Linux")


def nap(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def hog(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def limits_here() -> tuple:
    return resource.getrlimit(resource.RLIMIT_AS), signal.getitimer(signal.ITIMER_REAL)


@linux
def test_a_task_past_its_time_is_stopped_alone_and_its_worker_replaced():
    tasks = [("slow", nap, (30,)), ("quick", nap, (0,)), ("after", nap, (0,))]
    started = time.monotonic()
    with Workers(1, Limits(None, 1.0, "Layout"), "fork") as workers:
        results = dict(workers.results(tasks))
    assert time.monotonic() - started < 15
    assert str(results["slow"]) == "Layout exceeded the time limit of 1 s"
    assert isinstance(results["quick"], int) and results["quick"] == results["after"] != os.getpid()


@linux
def test_a_task_past_its_memory_is_an_error_and_the_next_one_runs():
    from briefgen.output.pool import address_space

    limit = address_space() + 256 * 1024 * 1024
    with Workers(1, Limits(limit, 60, "Layout"), "fork") as workers:
        results = dict(workers.results([("big", hog, (1024,)), ("small", hog, (16,))]))
    assert str(results["big"]) == f"Layout exceeded the memory limit of {limit / 1024 / 1024:g} MiB"
    assert results["small"] == 16 * 1024 * 1024


@linux
def test_a_build_never_limits_nor_times_the_process_that_builds(project):
    """Templates, HTML and PDFs all render in workers; this process keeps its limits and timers."""
    write(project / "templates/theme.html",
          '{% extends "default/theme.html" %}{% block summary %}{{ super() }}'
          "{% for i in range(300) %}{% endfor %}{% endblock %}\n")
    before = limits_here()
    previous = signal.getsignal(signal.SIGALRM)
    build(BuildOptions(project, project / "out", ("html", "pdf")), Selection(("sample-theme",), ("2025-W42",)),
          jobs=2)
    assert limits_here() == before and signal.getsignal(signal.SIGALRM) is previous
    assert (project / "out/themes/sample-theme.pdf").is_file()


def test_a_worker_failure_is_a_build_error_naming_the_work():
    with Workers(1, Limits(None, None, "Layout"), "fork") as workers:
        ((key, result),) = list(workers.results([("x", os._exit, (3,))]))
    assert key == "x" and isinstance(result, BuildError)
    assert str(result) == "Layout failed: its worker process died (exit status 3)"
