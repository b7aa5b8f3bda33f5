"""The worker pool's own cost: laying out the same print HTML through the pool, and by
calling WeasyPrint directly in one process.

Run with `python benchmarks/overhead.py` (about four minutes on two cores). It renders the
print HTML of the first BENCH_BRIEFS (default 10) synthetic weekly briefs once, then times,
alternated and each in a fresh process (WeasyPrint's import included in every one):

- direct: ``render_pdf`` (WeasyPrint with briefgen's fetcher and attachments) called on each
  document in turn, in the process itself;
- pool, 1 job: the same calls as tasks of ``pdf.layout_workers(1)``, forked from the fork
  server that imports WeasyPrint, under the memory and time limits;
- pool, N jobs: the same with one worker per core.

The difference between the first two is what the pool adds: starting the fork server and a
worker, pickling each document to the worker and its PDF back, and the limits.
"""

from __future__ import annotations

import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))

CORES = os.cpu_count() or 1


def print_jobs(root: Path, count: int) -> list[tuple[str, object]]:
    """The print HTML and layout options of the first ``count`` weekly briefs, as a build makes them."""
    from briefgen.content.config import load_config
    from briefgen.content.project import load_project, select
    from briefgen.errors import Diagnostics
    from briefgen.graphics.svg import palette_of
    from briefgen.output.build import BuildOptions, _pdf_job, stylesheets
    from briefgen.render.documents import RenderContext, documents
    from briefgen.render.environment import make_environment

    config = load_config(root)
    briefs = sorted((root / "briefs/weekly").glob("*.yaml"))[:count]
    selection = select(root, briefs, Diagnostics())
    options = BuildOptions(root, root / "out", ("pdf",), config)
    project = load_project(root, selection)
    sheets = stylesheets(options)
    context = RenderContext(make_environment(options.template_dir, root), root, config, palette_of(sheets))
    return [_pdf_job(context, project, document, options, sheets)
            for document in documents(project, selection, config) if document.kind == "weekly"]


def direct(jobs: list) -> None:
    from briefgen.output.pdf import render_pdf

    for html, options in jobs:
        render_pdf(html, options)


def pooled(jobs: list, count: int) -> None:
    from briefgen.errors import BuildError
    from briefgen.output import pdf

    pdf.warm_up()
    with pdf.layout_workers(count) as workers:
        for key, result in workers.results(pdf.layout_task(n, html, options) for n, (html, options) in enumerate(jobs)):
            if isinstance(result, BuildError):
                raise SystemExit(f"document {key}: {result}")


def timed(*arguments: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, *arguments], check=True)
    return time.perf_counter() - started


def main() -> None:
    from synthetic import make_project

    count, rounds = int(os.environ.get("BENCH_BRIEFS", "10")), int(os.environ.get("BENCH_ROUNDS", "3"))
    with tempfile.TemporaryDirectory(prefix="briefgen-overhead-") as work:
        root = make_project(Path(work) / "project", count)
        jobs_file = Path(work) / "jobs.pickle"
        jobs_file.write_bytes(pickle.dumps(print_jobs(root, count)))
        times: dict[str, list[float]] = {"direct": [], "pool 1": [], f"pool {CORES}": []}
        for _ in range(rounds):  # alternated, so that a busy moment favours none
            times["direct"].append(timed("direct", str(jobs_file)))
            times["pool 1"].append(timed("pool", str(jobs_file), "1"))
            times[f"pool {CORES}"].append(timed("pool", str(jobs_file), str(CORES)))
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"{count} weekly briefs' PDFs, median of {rounds}, each run a fresh process:")
    for name, values in times.items():
        print(f"  {name:>8}: {median[name]:6.2f} s  ({', '.join(f'{v:.2f}' for v in values)})")
    overhead = (median["pool 1"] / median["direct"] - 1) * 100
    print(f"  the pool, 1 job, against WeasyPrint called directly: {overhead:+.1f}% "
          f"({'meets' if overhead <= 5 else 'MISSES'} target: at most +5%)")
    speedup = median["pool 1"] / median[f"pool {CORES}"]
    print(f"  {CORES} jobs against 1: {speedup:.2f}x ({'meets' if speedup >= 1.7 else 'MISSES'} target: at least 1.7x)")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        jobs = pickle.loads(Path(sys.argv[2]).read_bytes())
        if sys.argv[1] == "direct":
            direct(jobs)
        else:
            pooled(jobs, int(sys.argv[3]))
    else:
        main()
