"""briefgen's performance, measured against Pandoc and against WeasyPrint's own floor.

Run with `make bench` (it installs pypandoc-binary, for the comparison only). Prints one
table; every figure comes from this run. BENCH_SIZES (default "10,100,500") sets the
publish sizes; the largest takes several minutes on two cores.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import make_project  # noqa: E402

BRIEFGEN = [sys.executable, "-m", "briefgen"]
CORES = os.cpu_count() or 1
ROWS: list[tuple[str, str, str]] = []


def row(name: str, value: str, note: str = "") -> None:
    ROWS.append((name, value, note))
    print(f"  {name}: {value} {note}", file=sys.stderr, flush=True)


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return seconds


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def per_document_times(root: Path, count: int) -> tuple[float, float, float]:
    """HTML and PDF seconds per weekly brief (one briefgen process for all), and 2-job speed-up."""
    weekly = root / "briefs/weekly"
    html = timed([*BRIEFGEN, "build", str(weekly), "--format", "html", "-q", "--out", "out-html"], root) / count
    serial = timed([*BRIEFGEN, "build", str(weekly), "--format", "pdf", "-q", "-j", "1", "--out", "out-pdf1"], root)
    parallel = timed([*BRIEFGEN, "build", str(weekly), "--format", "pdf", "-q", "-j", str(CORES),
                      "--out", "out-pdf2"], root)
    return html, parallel / count, serial / parallel


def weasyprint_floor(root: Path) -> tuple[float, float]:
    """Seconds for one brief's PDF: briefgen's whole print path, and WeasyPrint alone on its final HTML."""
    sys.path.insert(0, str(Path(__file__).parent.parent))
    import weasyprint

    from briefgen.build import BuildOptions, _pdf_job, stylesheets
    from briefgen.config import load_config
    from briefgen.documents import documents
    from briefgen.errors import Diagnostics
    from briefgen.pdf import render_pdf
    from briefgen.project import load_project, select
    from briefgen.templating import make_environment

    first = sorted((root / "briefs/weekly").glob("*.yaml"))[0]
    config = load_config(root)
    selection = select(root, [first], Diagnostics())
    options = BuildOptions(root, root / "floor", ("pdf",), config)

    def ours() -> tuple[bytes, str]:
        project = load_project(root, selection)
        env = make_environment(options.template_dir)
        document = documents(project, selection, config)[0]
        html, pdf_options = _pdf_job(env, project, document, options, stylesheets(options))
        return render_pdf(html, pdf_options), html

    _, html = ours()  # warm caches and imports for both
    css = [weasyprint.CSS(filename=str(p)) for p in stylesheets(options)]

    def theirs() -> bytes:
        return weasyprint.HTML(string=html, base_url=str(root)).write_pdf(stylesheets=css, pdf_variant="pdf/ua-1")

    theirs()
    best_ours = min(_clock(ours) for _ in range(3))
    best_theirs = min(_clock(theirs) for _ in range(3))
    return best_ours, best_theirs


def _clock(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def pandoc_times(root: Path, count: int) -> tuple[float, float] | None:
    """Pandoc per document, one process each: HTML with --citeproc, PDF with WeasyPrint."""
    try:
        import pypandoc
        pandoc = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return None
    folder = root / "pandoc"
    folder.mkdir(exist_ok=True)
    bibliography = root / "briefs/sources.yaml"
    documents = [_markdown(root, path, folder) for path in sorted((root / "briefs/weekly").glob("*.yaml"))[:count]]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}

    def run(target: str, extra: list[str]) -> float:
        start = time.perf_counter()
        for md in documents:
            subprocess.run([pandoc, str(md), "--citeproc", "--bibliography", str(bibliography), "-s",
                            "-o", str(md.with_suffix(target)), *extra], check=True, capture_output=True, env=env,
                           cwd=folder)  # pandoc leaves temporary files in its working folder
        return (time.perf_counter() - start) / len(documents)

    return run(".html", []), run(".pdf", ["--pdf-engine=weasyprint"])


def _markdown(root: Path, brief_path: Path, folder: Path) -> Path:
    """The same brief as Markdown for Pandoc: the same texts and citations."""
    brief = yaml.safe_load(brief_path.read_text("utf-8"))
    lines = [f"---\ntitle: \"{brief['title']}\"\n---\n", "## Bottom line up front\n", brief["bluf"], ""]
    for ref in brief["themes"]:
        theme = yaml.safe_load((root / "briefs/themes" / f"{ref['id']}.yaml").read_text("utf-8"))
        lines += [f"## {theme['title']}\n", ref.get("note", ""), "", "### Timeline\n"]
        lines += [f"- **{e['date']}** {e['text']}" for e in theme["timeline"][-5:]]
        lines += ["", "| Figure | Value |", "|---|---|"]
        lines += [f"| {f['label']} | {f['value']} {f['cite']} |" for f in theme["figures"]]
        lines += [""]
    lines += ["## Sources\n"]
    path = folder / f"{brief_path.stem}.md"
    path.write_text("\n".join(lines), "utf-8")
    return path


def publish_times(sizes: list[int], work: Path) -> None:
    for size in sizes:
        root = make_project(work / f"n{size}", size)
        command = [*BRIEFGEN, "build", "-q"]  # HTML and PDF for every theme and brief
        seconds = timed(command, root)
        row(f"build of {size} weekly briefs (HTML + PDF, {CORES} jobs)", f"{seconds:.1f} s",
            f"({seconds / size:.2f} s a brief)")
        if size >= 100:
            noop = timed(command, root)
            row(f"no-op rebuild of {size} briefs", f"{noop:.2f} s", verdict(noop < 0.5))
            theme = sorted((root / "briefs/themes").glob("*.yaml"))[0]
            theme.write_text(theme.read_text("utf-8").replace("status: active", "status: watching"), "utf-8")
            result = subprocess.run(command[:-1], cwd=root, capture_output=True, text=True)
            row(f"rebuild after changing one theme ({size} briefs)", result.stderr.strip().splitlines()[-1])


def main() -> None:
    sizes = [int(n) for n in os.environ.get("BENCH_SIZES", "10,100,500").split(",") if n]
    work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    try:
        root = make_project(work / "docs", 20)
        html, pdf, speedup = per_document_times(root, 20)
        row("HTML per weekly brief (20 in one run)", f"{html * 1000:.0f} ms")
        row(f"PDF per weekly brief (20, {CORES} jobs)", f"{pdf:.2f} s")
        row(f"PDF speed-up, {CORES} jobs against 1", f"{speedup:.2f}×", verdict(speedup >= 1.7))
        ours, theirs = weasyprint_floor(root)
        overhead = (ours / theirs - 1) * 100
        row("one brief's PDF: briefgen / WeasyPrint alone on the same HTML",
            f"{ours:.2f} s / {theirs:.2f} s", f"{overhead:+.1f}% — {verdict(overhead <= 5)}")
        pandoc = pandoc_times(root, 20)
        if pandoc is None:
            row("Pandoc", "not installed", "(make bench installs pypandoc-binary)")
        else:
            pandoc_html, pandoc_pdf = pandoc
            row("Pandoc HTML per brief (--citeproc, a process each)", f"{pandoc_html * 1000:.0f} ms",
                f"briefgen is {pandoc_html / html:.1f}× faster — {verdict(pandoc_html / html >= 15)}")
            row("Pandoc PDF per brief (--pdf-engine=weasyprint)", f"{pandoc_pdf:.2f} s",
                f"briefgen is {pandoc_pdf / pdf:.1f}× faster — {verdict(pandoc_pdf / pdf >= 3)}")
        publish_times(sizes, work)
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        row("peak memory of one briefgen process or PDF worker", f"{children:.0f} MB", verdict(children < 300))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    width = max(len(name) for name, _, _ in ROWS)
    print(f"\n{'measure':<{width}}  value")
    for name, value, note in ROWS:
        print(f"{name:<{width}}  {value}  {note}".rstrip())


if __name__ == "__main__":
    main()
