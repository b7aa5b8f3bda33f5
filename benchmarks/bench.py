"""briefgen's performance, measured against Pandoc and against WeasyPrint's own floor.

Run with `make bench` (it installs pypandoc-binary, for the comparison only). Prints one
table; every figure comes from this run, on synthetic projects made from a fixed seed
(benchmarks/synthetic.py: weekly briefs of 4 themes, 6–8 pages, about 35 citations).
BENCH_SIZES (default "10,100,500") sets the publish sizes. The whole run takes about
eight minutes on two cores.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from synthetic import make_project

BRIEFGEN = [sys.executable, "-m", "briefgen"]
CORES = os.cpu_count() or 1
ROWS: list[tuple[str, str, str]] = []
PEAKS: dict[str, float] = {}  # the largest resident set of each kind of process, in MB


def row(name: str, value: str, note: str = "") -> None:
    ROWS.append((name, value, note))
    print(f"  {name}: {value} {note}", file=sys.stderr, flush=True)


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def run(command: list[str], cwd: Path, peak: str = "") -> tuple[float, str]:
    """Seconds ``command`` took, and its standard error; its peak memory is kept under ``peak``."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)  # the child's own rusage, not its children's
    seconds = time.perf_counter() - start
    stderr = process.stderr.read()
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{stderr[-3000:]}")
    if peak:
        PEAKS[peak] = max(PEAKS.get(peak, 0.0), usage.ru_maxrss / 1024)
    return seconds, stderr


def timed(command: list[str], cwd: Path, peak: str = "") -> float:
    return run(command, cwd, peak)[0]


def weekly_files(root: Path, count: int) -> list[str]:
    return [str(p) for p in sorted((root / "briefs/weekly").glob("*.yaml"))[:count]]


# -- per document ---------------------------------------------------------------------------


def html_per_brief(root: Path, count: int) -> float:
    """Seconds per weekly brief for an HTML build of ``count`` briefs in one process, start-up included."""
    return timed([*BRIEFGEN, "build", "briefs/weekly", "--format", "html", "-q", "--out", "out-html"], root,
                 "briefgen") / count


def pdf_times(root: Path, count: int, rounds: int = 3) -> tuple[float, float, float]:
    """Seconds per brief for ``count`` PDFs: ``briefgen build`` with one worker and with one
    per core, and WeasyPrint alone laying out briefgen's final HTML of the same briefs in one
    process (one import). Alternated, so that a busy moment favours none; median of ``rounds``."""
    briefs = weekly_files(root, count)
    batch = _weasyprint_batch(root, count)
    serial, parallel, alone = [], [], []
    for _ in range(rounds):
        for folder in ("out-pdf1", "out-pdf2"):
            shutil.rmtree(root / folder, ignore_errors=True)
        serial.append(timed([*BRIEFGEN, "build", *briefs, "--format", "pdf", "-q", "-j", "1", "--out", "out-pdf1"],
                            root))
        alone.append(timed(batch, root))
        parallel.append(timed([*BRIEFGEN, "build", *briefs, "--format", "pdf", "-q", "-j", str(CORES), "--out",
                               "out-pdf2"], root))
    return tuple(statistics.median(times) / count for times in (serial, parallel, alone))


def weasyprint_floor(root: Path, rounds: int = 7) -> tuple[float, float, int]:
    """Seconds for one brief's PDF, each a fresh process, median of ``rounds``: ``briefgen build
    --format pdf``, and WeasyPrint's own command on briefgen's final HTML with the same
    stylesheets, attachments and PDF/UA tagging. Also the brief's page count."""
    from pypdf import PdfReader

    brief = weekly_files(root, 1)[0]
    floor = root / "floor"
    floor.mkdir()
    html, sheets, attachments = _final_html(root, Path(brief), floor)
    ours_command = [*BRIEFGEN, "build", brief, "--format", "pdf", "-q", "-j", "1", "--out", str(floor / "ours")]
    theirs_command = [sys.executable, "-m", "weasyprint", "-u", root.as_uri() + "/", "--pdf-variant", "pdf/ua-1",
                      "--pdf-tags", *(f"-s{sheet}" for sheet in sheets), *(f"-a{a}" for a in attachments),
                      str(html), str(floor / "theirs.pdf")]
    ours, theirs = [], []
    for _ in range(rounds):  # alternated, so that a busy moment does not favour either
        shutil.rmtree(floor / "ours", ignore_errors=True)
        ours.append(timed(ours_command, root, "briefgen"))
        theirs.append(timed(theirs_command, root))
    pages = len(PdfReader(floor / "ours" / "weekly" / f"{Path(brief).stem}.pdf").pages)
    return statistics.median(ours), statistics.median(theirs), pages


def _weasyprint_batch(root: Path, count: int) -> list[str]:
    """The command with which WeasyPrint alone, in one process, lays out briefgen's final HTML
    of the first ``count`` briefs with the same stylesheets, attachments and tagging."""
    folder = root / "batch"
    jobs = []
    for number, brief in enumerate(weekly_files(root, count)):
        (folder / str(number)).mkdir(parents=True)
        html, sheets, attachments = _final_html(root, Path(brief), folder / str(number))
        jobs.append((str(html), [str(s) for s in sheets], [str(a) for a in attachments],
                     str(folder / str(number) / "out.pdf")))
    (folder / "jobs.json").write_text(json.dumps(jobs), "utf-8")
    code = ("import json, sys, weasyprint\n"
            "for html, sheets, attachments, target in json.load(open(sys.argv[1])):\n"
            "    weasyprint.HTML(filename=html, base_url=sys.argv[2]).write_pdf(\n"
            "        target, stylesheets=sheets,\n"
            "        attachments=[weasyprint.Attachment(filename=a) for a in attachments],\n"
            "        pdf_variant='pdf/ua-1', pdf_tags=True)\n")
    return [sys.executable, "-c", code, str(folder / "jobs.json"), root.as_uri() + "/"]


def _final_html(root: Path, brief: Path, folder: Path) -> tuple[Path, list[Path], list[Path]]:
    """briefgen's print HTML for ``brief`` and the stylesheets and attachments it lays it out with."""
    from briefgen.content.config import load_config
    from briefgen.content.project import load_project, select
    from briefgen.errors import Diagnostics
    from briefgen.graphics.svg import palette_of
    from briefgen.output.build import BuildOptions, _pdf_job, stylesheets
    from briefgen.render.documents import RenderContext, documents
    from briefgen.render.environment import make_environment

    config = load_config(root)
    selection = select(root, [brief], Diagnostics())
    options = BuildOptions(root, folder, ("pdf",), config)
    project = load_project(root, selection)
    document = documents(project, selection, config)[0]
    sheets = stylesheets(options)
    context = RenderContext(make_environment(options.template_dir, root), root, config, palette_of(sheets))
    html, pdf_options = _pdf_job(context, project, document, options, sheets)
    (folder / "final.html").write_text(html, "utf-8")
    (folder / "page.css").write_text(pdf_options.extra_css, "utf-8")
    attachments = []
    for name, data, _ in pdf_options.attachments:
        (folder / name).write_bytes(data)
        attachments.append(folder / name)
    return folder / "final.html", [*pdf_options.stylesheets, folder / "page.css"], attachments


# -- Pandoc -----------------------------------------------------------------------------------


def pandoc(root: Path):
    """A function that gives Pandoc's seconds per document, one process per document as a
    Makefile runs it, for ``(suffix, count, kind)``: ``.html`` with --citeproc, ``.pdf`` with
    --citeproc and WeasyPrint as its engine; ``kind`` is "weekly" or "themes". None when
    Pandoc is not installed."""
    try:
        import pypandoc

        command = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return None
    folder = root / "pandoc"
    folder.mkdir()
    documents = _markdown_documents(root, folder)
    bibliography = root / "briefs/sources.yaml"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}  # its weasyprint

    def per_document(target: str, count: int, kind: str = "weekly") -> float:
        extra = ["--pdf-engine=weasyprint"] if target == ".pdf" else []
        chosen = documents[kind][:count]
        start = time.perf_counter()
        for md in chosen:
            subprocess.run([command, str(md), "--citeproc", "--bibliography", str(bibliography), "-s",
                            "-o", str(md.with_suffix(target)), *extra], check=True, capture_output=True, env=env,
                           cwd=folder)  # pandoc leaves temporary files in its working folder
        return (time.perf_counter() - start) / len(chosen)

    return per_document


def html_against_pandoc(root: Path, count: int, run_pandoc, rounds: int = 3) -> tuple[float, float | None]:
    """Seconds per brief for an HTML build of ``count`` briefs, and for Pandoc's HTML of a
    brief (ten of them), alternated so that a busy moment favours neither; medians of ``rounds``."""
    ours, theirs = [], []
    for _ in range(rounds):
        shutil.rmtree(root / "out-html", ignore_errors=True)
        ours.append(html_per_brief(root, count))
        if run_pandoc is not None:
            theirs.append(run_pandoc(".html", 10))
    return statistics.median(ours), (statistics.median(theirs) if theirs else None)


def _markdown_documents(root: Path, folder: Path) -> dict[str, list[Path]]:
    """Every weekly brief and theme note as Markdown, with the same text and citations as
    briefgen's HTML, by kind ("weekly", "themes"); Pandoc appends the bibliography."""
    from briefgen.content.project import load_project, select
    from briefgen.errors import Diagnostics

    project = load_project(root, select(root, [], Diagnostics()))
    documents: dict[str, list[Path]] = {"weekly": [], "themes": []}
    for kind, items, write in (("weekly", project.weekly, _brief_markdown), ("themes", project.themes,
                                                                            _theme_markdown)):
        for item in sorted(items.values(), key=lambda i: i.id):
            path = folder / f"{kind}-{item.id}.md"
            path.write_text("\n".join([*write(project, item), "## Sources", ""]), "utf-8")
            documents[kind].append(path)
    return documents


def _brief_markdown(project, brief) -> list[str]:
    """A weekly brief: the BLUF, and for each theme its editor's note, this week's entries,
    the last three before it and the figures known by then."""
    sunday = brief.week.sunday
    lines = [*_front_matter(brief.title, brief.date.isoformat()),
             "## Bottom line up front", "", brief.bluf.markdown, ""]
    for ref in brief.themes:
        theme = project.themes[ref.id]
        lines += [f"## {theme.title}", "", ref.note.markdown if ref.note else "", ""]
        lines += _timeline_markdown("This week", theme.entries_in(brief.week))
        lines += _timeline_markdown("Earlier", [e for e in theme.timeline if e.before(brief.week)][-3:])
        lines += _figures_markdown([f for f in theme.figures
                                    if f.as_of is None or f.as_of.sort_key <= (sunday.year, sunday.month, sunday.day)])
    return lines


def _theme_markdown(project, theme) -> list[str]:
    """A theme note: summary, key points, figures, the whole timeline, quotes, assessment
    and open questions (its charts and timeline graphic are left out)."""
    updated = theme.updated.isoformat() if theme.updated else ""
    lines = [*_front_matter(theme.title, updated), "## Summary", "", theme.summary.markdown, "",
             "## Key points", ""]
    lines += [f"- {point.markdown}" for point in theme.key_points] + [""]
    lines += ["## Figures", "", *_figures_markdown(theme.figures)]
    lines += _timeline_markdown("Timeline", theme.timeline, "##")
    lines += ["## Quotes", ""]
    for quote in theme.quotes:
        cite = quote.cite.markdown if quote.cite else ""
        lines += [f"> “{quote.text}”", ">", f"> — {quote.speaker}, {quote.role} {cite}",
                  ""]
    lines += ["## Assessment", "", theme.assessment.markdown if theme.assessment else "", "", "## Open questions", ""]
    lines += [f"- {question.markdown}" for question in theme.open_questions] + [""]
    return lines


def _front_matter(title: str, date: str) -> list[str]:
    return ["---", f"title: {json.dumps(title)}", f"date: {json.dumps(date)}", "lang: en", "---", ""]


def _timeline_markdown(heading: str, entries, level: str = "###") -> list[str]:
    return [f"{level} {heading}", ""] + [f"- **{e.date}** {e.text.markdown}" for e in entries] + [""]


def _figures_markdown(figures) -> list[str]:
    if not figures:
        return []
    return (["| Figure | Value | Source |", "|---|---|---|"]
            + [f"| {f.label} | {f.value} | {f.cite.markdown if f.cite else ''} |" for f in figures] + [""])


# -- whole runs -------------------------------------------------------------------------------


def publish_with_pdfs(root: Path) -> float:
    """Seconds to publish a project from nothing: every page, and every PDF laid out."""
    return timed([*BRIEFGEN, "publish", "-q", "--out", "site", "--pdfs-from", "publish-pdfs"], root, "briefgen")


def incremental(root: Path, formats: str, peak: str = "briefgen") -> tuple[float, float, str]:
    """A full build, a no-op rebuild, and a rebuild after editing one theme."""
    command = [*BRIEFGEN, "build", "--format", formats]
    full = timed([*command, "-q"], root, peak)
    noop = timed([*command, "-q"], root)
    theme = sorted((root / "briefs/themes").glob("*.yaml"))[0]
    theme.write_text(theme.read_text("utf-8").replace("status: active", "status: watching", 1), "utf-8")
    seconds, stderr = run(command, root)
    return full, noop, f"{seconds:.1f} s ({stderr.strip().splitlines()[-1]})"


def worker_peak(root: Path) -> float:
    """Peak memory (MB) of a process laying out the largest brief's PDF, as a worker does."""
    largest = max(weekly_files(root, 10_000), key=lambda p: Path(p).stat().st_size)
    code = ("import resource, sys\n"
            "from briefgen.output.pdf import render_pdf\n"
            "from benchmarks.bench import _final_html\n"
            "from pathlib import Path\n"
            "root, brief, folder = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])\n"
            "folder.mkdir()\n"
            "html, sheets, _ = _final_html(root, brief, folder)\n"
            "from briefgen.output.pdf import PdfOptions\n"
            "render_pdf(html.read_text('utf-8'), PdfOptions(stylesheets=sheets, base_dir=root))\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    process = subprocess.Popen([sys.executable, "-c", code, str(root), largest, str(root / "peak")], env=env,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(process.stderr.read().decode()[-3000:])
    process.stderr.close()
    return usage.ru_maxrss / 1024


def python_speed() -> float:
    """Seconds for ten million additions in a loop: how fast this machine runs Python right now.
    A virtual machine's speed can drift by half within an hour; this row tells runs apart."""
    start, total = time.perf_counter(), 0
    for number in range(10_000_000):
        total += number
    return time.perf_counter() - start


def compile_package() -> None:
    """Byte-compile briefgen, as installing a package does: where PYTHONDONTWRITEBYTECODE is
    set, an editable install would otherwise compile every module in every run measured."""
    import compileall

    compileall.compile_dir(Path(__file__).parent.parent / "briefgen", quiet=1)


def main() -> None:
    sizes = [int(n) for n in os.environ.get("BENCH_SIZES", "10,100,500").split(",") if n]
    compile_package()
    work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    started = time.perf_counter()
    speed = python_speed()
    try:
        docs = make_project(work / "docs", 20)
        run_pandoc = pandoc(docs)
        html, pandoc_html = html_against_pandoc(make_project(work / "html", 100), 100, run_pandoc)
        serial, parallel, alone = pdf_times(docs, 10)
        ours, theirs, pages = weasyprint_floor(docs)
        row("HTML per weekly brief (100 in one run, start-up included)", f"{html * 1000:.1f} ms", "(median of 3)")
        row("PDF per weekly brief, 1 job (10 briefs)", f"{serial:.2f} s")
        row(f"PDF per weekly brief, {CORES} jobs (10 briefs)", f"{parallel:.2f} s",
            f"speed-up {serial / parallel:.2f}× — {verdict(serial / parallel >= 1.7)}")
        overhead = (serial / alone - 1) * 100
        row("10 briefs' PDFs, 1 job: briefgen build / WeasyPrint alone on the same final HTML, a brief",
            f"{serial:.2f} s / {alone:.2f} s", f"{overhead:+.1f}% — {verdict(overhead <= 5)} (median of 3)")
        overhead = (ours / theirs - 1) * 100
        row(f"one brief's PDF ({pages} pages): briefgen build / weasyprint command on its final HTML",
            f"{ours:.2f} s / {theirs:.2f} s", f"{overhead:+.1f}% — {verdict(overhead <= 5)} (median of 7)")
        site = publish_with_pdfs(docs)
        themes = len(list((docs / "briefs/themes").glob("*.yaml")))
        documents = 20 + themes
        row(f"publish of 20 weekly briefs ({documents} documents: 20 briefs and {themes} theme notes, HTML and PDF, "
            f"{CORES} jobs)", f"{site:.1f} s", f"({site / documents:.2f} s a document)")
        if run_pandoc is None:
            row("Pandoc", "not installed", "(make bench installs pypandoc-binary)")
        else:
            pandoc_pdf = run_pandoc(".pdf", 10)
            row("Pandoc HTML per brief (--citeproc, a process each)", f"{pandoc_html * 1000:.0f} ms",
                f"briefgen is {pandoc_html / html:.1f}× faster — {verdict(pandoc_html / html >= 15)} "
                "(median of 3, alternated)")
            row("Pandoc PDF per brief (--pdf-engine=weasyprint, a process each)", f"{pandoc_pdf:.2f} s",
                f"briefgen's PDF is {pandoc_pdf / parallel:.1f}× faster with {CORES} jobs")
            theme_note = run_pandoc(".html", themes, "themes") + run_pandoc(".pdf", themes, "themes")
            row("Pandoc HTML + PDF per theme note", f"{theme_note:.2f} s")
            # The same documents as the publish: each brief and each theme note, HTML and PDF.
            theirs = (20 * (pandoc_html + pandoc_pdf) + themes * theme_note) / documents
            ratio = theirs / (site / documents)
            row("Pandoc HTML + PDF per document, the publish's documents, against briefgen's publish",
                f"{theirs:.2f} s", f"briefgen is {ratio:.1f}× faster — {verdict(ratio >= 3)}")
        full, noop, changed = incremental(docs, "html,pdf")
        row("build of 20 weekly briefs, HTML and PDF: first / no-op", f"{full:.1f} s / {noop:.2f} s")
        row("  rebuild after editing one theme (20 briefs, HTML and PDF)", changed)
        for size in sizes:
            root = make_project(work / f"n{size}", size)
            seconds = timed([*BRIEFGEN, "publish", "-q", "--no-pdf", "--out", "site"], root, f"briefgen {size}")
            row(f"publish of {size} weekly briefs, HTML site without PDFs", f"{seconds:.1f} s",
                f"({seconds / size * 1000:.0f} ms a brief)")
            if size >= 100:
                full, noop, changed = incremental(root, "html", f"briefgen {size}")
                row(f"build of {size} weekly briefs, HTML: first / no-op", f"{full:.1f} s / {noop:.2f} s",
                    f"no-op {verdict(noop < 0.5)}" if size == 100 else "")
                row(f"  rebuild after editing one theme ({size} briefs, HTML)", changed)
        worker = worker_peak(docs)
        row("peak memory of a PDF worker (the largest brief)", f"{worker:.0f} MB", verdict(worker < 300))
        row("peak memory of the briefgen process", ", ".join(
            f"{PEAKS[key]:.0f} MB ({key.removeprefix('briefgen').strip() or 20} briefs)"
            for key in sorted(PEAKS, key=lambda k: int(k.split()[-1]) if k[-1].isdigit() else 20)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    row("Python speed, 10⁷ additions: at the start / at the end", f"{speed:.2f} s / {python_speed():.2f} s",
        "(the same figure from run to run means comparable runs)")
    row("the whole benchmark", f"{(time.perf_counter() - started) / 60:.1f} min")
    width = max(len(name) for name, _, _ in ROWS)
    print(f"\n{'measure':<{width}}  value")
    for name, value, note in ROWS:
        print(f"{name:<{width}}  {value}  {note}".rstrip())


if __name__ == "__main__":
    main()
