"""Stage 6b: the PDF holds the brief, is reproducible, and reads nothing it should not."""

import http.server
import threading
from io import BytesIO

import pytest
from pypdf import PdfReader

from briefgen.content.project import Selection
from briefgen.errors import BuildError
from briefgen.output.build import BuildOptions, build
from tests.conftest import write

WEEKLY = Selection((), ("2025-W42",))


def build_pdf(project, selection=WEEKLY):
    build(BuildOptions(project, project / "out", ("pdf",)), selection)
    return project / "out/weekly/2025-W42.pdf"


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_pdf_holds_title_summary_and_sources(project):
    build(BuildOptions(project, project / "out", ("pdf",)), Selection(("sample-theme",), ("2025-W42",)))
    theme = " ".join(pdf_text(project / "out/themes/sample-theme.pdf").split())
    assert "Sample theme about drones" in theme
    assert "The summary sentence cites beta first" in theme
    assert "Sources" in theme and "Gamma Annual Review" in theme
    weekly = " ".join(pdf_text(project / "out/weekly/2025-W42.pdf").split())
    assert "Sample weekly brief" in weekly and "UNCLASSIFIED" in weekly and "Page 1 of" in weekly


def test_pdf_metadata_comes_from_the_brief(project):
    reader = PdfReader(build_pdf(project))
    info = reader.metadata
    assert info.title == "Sample weekly brief"
    assert info.author == "Test Desk"
    assert info["/CreationDate"].startswith("D:20251017")


def test_citation_markers_are_live_links_in_the_pdf(project):
    reader = PdfReader(build_pdf(project))
    links = [annot.get_object() for page in reader.pages for annot in page.get("/Annots", [])]
    internal = [a for a in links if a.get("/Subtype") == "/Link"
                and ("/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo")]
    # four citations in the text (BLUF, this week, note, background): each call links to its
    # footnote, and each footnote's number links back to its call; the key figure's source,
    # named on the line under its table, links to its entry in the Sources list
    destinations = sorted(str(a["/Dest"]) for a in internal)
    notes = [f"note-{n}" for n in range(1, 5)] + [f"note-call-{n}" for n in range(1, 5)]
    assert sorted(d for d in destinations if d.startswith("note")) == sorted(notes)
    assert [d for d in destinations if not d.startswith("note")] == ["ref-2"]


def test_pdf_is_byte_identical_run_to_run(project):
    first = build_pdf(project).read_bytes()
    second = build_pdf(project).read_bytes()
    assert first == second


def test_files_outside_the_project_are_refused(project):
    write(project / "style.css", '.bluf { background: url("file:///etc/passwd"); }\n')
    with pytest.raises(BuildError, match=r"briefs/weekly/2025-W42.yaml: refused to read /etc/passwd"):
        build_pdf(project)
    assert not (project / "out/weekly/2025-W42.pdf").exists()


class _Counter(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):
        type(self).hits += 1
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body{}")

    def log_message(self, *args):
        pass


def test_network_is_never_fetched(project):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/x.png"
        write(project / "style.css", f'.bluf {{ background: url("{url}"); }}\n')
        with pytest.raises(BuildError, match="refused to fetch"):
            build_pdf(project)
    finally:
        server.shutdown()
    assert _Counter.hits == 0


def test_a_failed_render_leaves_the_previous_pdf(project):
    good = build_pdf(project).read_bytes()
    write(project / "style.css", '.bluf { background: url("file:///etc/hostname"); }\n')
    with pytest.raises(BuildError):
        build_pdf(project)
    assert (project / "out/weekly/2025-W42.pdf").read_bytes() == good
    assert not list((project / "out").rglob(".briefgen-tmp-*"))


def test_pdf_is_tagged(project):
    reader = PdfReader(BytesIO(build_pdf(project).read_bytes()))
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_workers_read_jobs_one_ahead_so_html_renders_while_pdfs_are_laid_out(tmp_path):
    from briefgen.output.pdf import PdfOptions, layout_task, layout_workers

    pulled: list[int] = []

    def jobs():
        for number in range(4):
            pulled.append(number)
            yield layout_task(number, f"<html lang=en><title>{number}</title><p>Page {number}</p></html>",
                              PdfOptions(stylesheets=[], base_dir=tmp_path))

    seen = []
    with layout_workers(1) as workers:
        for key, result in workers.results(jobs()):
            assert isinstance(result, bytes) and result.startswith(b"%PDF-"), result
            seen.append((key, len(pulled)))
    assert seen == [(0, 2), (1, 3), (2, 4), (3, 4)]
