"""Rendering in workers forked from the build: the same results as one process, none of\nthe risk (a worker that fails fails its item alone, and its limits are its own)."""

import datetime as dt
import os
import sys
import threading
from pathlib import Path

import pytest

from briefgen.content.config import load_config
from briefgen.content.project import select
from briefgen.errors import BuildError, Diagnostics
from briefgen.output.build import BuildFailed, BuildOptions, build
from briefgen.output.forked import can_fork, forked_map, forked_results
from briefgen.output.pool import address_space
from briefgen.render import environment
from tests.conftest import write

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks only on Linux")


@linux
def test_every_item_once_with_its_result_computed_by_workers_never_here():
    parent = os.getpid()
    results = list(forked_results(lambda n: (n * n, os.getpid()), list(range(20)), 2))
    assert sorted(item for item, _ in results) == list(range(20))
    assert all(value == item * item for item, (value, _) in results)
    workers = {pid for _, (_, pid) in results}
    assert parent not in workers and len(workers) == 2


@linux
def test_a_worker_that_dies_fails_its_item_alone():
    parent = os.getpid()

    def square(n: int) -> int:
        if n == 7 and os.getpid() != parent:
            os._exit(9)  # a crash in the worker, on one item
        return n * n

    results = dict(forked_results(square, list(range(12)), 2))
    assert isinstance(results.pop(7), BuildError)
    assert results == {n: n * n for n in range(12) if n != 7}
    with pytest.raises(BuildError, match=r"rendering failed: its worker process died \(exit status 9\)"):
        dict(forked_map(square, list(range(12)), 2))


@linux
def test_workers_render_under_the_template_memory_limit_and_this_process_keeps_its_own():
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    ((_, (soft, _hard)),) = forked_results(lambda _: resource.getrlimit(resource.RLIMIT_AS), [0], 1)
    size = address_space()
    assert size < soft <= size + environment.TEMPLATE_MEMORY + 64 * 1024 * 1024
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_no_fork_from_a_threaded_process():
    assert can_fork() == sys.platform.startswith("linux")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()  # forking a threaded process is not safe: computed here
        assert {pid for _, pid in forked_results(lambda _: os.getpid(), [1, 2, 3], 2)} == {os.getpid()}
    finally:
        stop.set()
        thread.join()


def more_briefs(project, count: int) -> None:
    """Adds ``count`` weekly briefs after the fixture's 2025-W42, citing the same sources."""
    text = (project / "briefs/weekly/2025-W42.yaml").read_text("utf-8")
    for number in range(2, count + 2):
        week = 41 + number
        friday = dt.date.fromisocalendar(2025, week, 5).isoformat()
        write(project / f"briefs/weekly/2025-W{week}.yaml",
              text.replace("number: 1", f"number: {number}").replace("2025-W42", f"2025-W{week}")
              .replace("2025-10-17", friday).replace("Sample weekly brief", f"Weekly brief {number}"))


def html_build(project, out: str, jobs: int):
    options = BuildOptions(project, project / out, ("html",), load_config(project))
    return build(options, select(project, [], Diagnostics()), jobs=jobs)


@linux
def test_a_parallel_html_build_writes_what_a_serial_one_does(project):
    more_briefs(project, 9)
    serial, parallel = html_build(project, "one", 1), html_build(project, "two", 2)
    assert sorted(serial.built) == sorted(parallel.built) and len(parallel.built) == 11
    files = sorted(p.relative_to(project / "one") for p in (project / "one").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(project / "two") for p in (project / "two").rglob("*") if p.is_file())
    for name in files:
        assert (project / "one" / name).read_bytes() == (project / "two" / name).read_bytes(), name


@linux
def test_a_failure_in_a_worker_is_reported_and_the_rest_written(project, monkeypatch):
    more_briefs(project, 9)
    import briefgen.render.documents

    render = briefgen.render.documents.render_html

    def failing(context, project_, document, *args, **kwargs):
        if document.id == "2025-W44":  # rendered in one of the workers
            raise BuildError("template error: simulated")
        return render(context, project_, document, *args, **kwargs)

    monkeypatch.setattr(briefgen.render.documents, "render_html", failing)
    with pytest.raises(BuildFailed) as info:
        html_build(project, "out", 2)
    assert info.value.report.failed == ["briefs/weekly/2025-W44.yaml: template error: simulated"]
    assert len(info.value.report.built) == 10 and not (project / "out/weekly/2025-W44.html").exists()


@linux
def test_a_parallel_publish_is_byte_identical_to_a_serial_one(project):
    from briefgen.site.publish import PublishOptions, publish

    more_briefs(project, 9)
    sites = []
    for jobs in (1, 2):
        out = project / f"site-{jobs}"
        publish(PublishOptions(project, out, config=load_config(project), pdf=False, jobs=jobs))
        sites.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert sites[0].keys() == sites[1].keys() and len(sites[0]) > 20
    assert [name for name in sites[0] if sites[0][name] != sites[1][name]] == []


@linux
def test_no_child_outlives_a_map_left_early():
    parent = os.getpid()

    def slow_in_child(n: int) -> int:
        if n and os.getpid() != parent:
            threading.Event().wait(60)  # a worker still at work when the parent gives up
        return n

    before = children()
    results = forked_map(slow_in_child, list(range(8)), 2)
    assert next(results) == (0, 0)
    assert len(children() - before) == 2
    results.close()  # the caller stops reading after one result
    assert children() == before  # the workers are gone, and reaped (a zombie would still be listed)


def children() -> set[int]:
    """The ids of this process's child processes, running or not yet reaped."""
    found = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat[1]) == os.getpid():
            found.add(int(pid))
    return found
