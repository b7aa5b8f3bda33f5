"""Internal notes never leave: a marker planted in every internal field and every YAML
comment is searched for in every file the build and the site write — HTML, PDF text, PDF
streams and attachments, feeds, the search index."""

import gzip
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.content.config import load_config
from briefgen.content.project import load_project, select
from briefgen.errors import Diagnostics
from briefgen.output.build import BuildOptions, build
from briefgen.site.publish import PublishOptions, publish
from tests.conftest import FIXTURES, pdftotext, require_tool, write

MARKER = "INTERNALMARKER"
BIBTEX = f"""@report{{delta2025,
  title = {{Delta Review}},
  institution = {{Delta Office}},
  year = {{2025}},
  annote = {{{MARKER} bib annote}}
}}
"""


def plant(root: Path) -> int:
    """Put the marker in every internal field and as a comment in every content file; how many."""
    planted = 0
    for path in sorted((root / "briefs").rglob("*.yaml")):
        text = path.read_text("utf-8")
        if path.name == "sources.yaml":
            text, count = re.subn(r"^(- id: .*)$", rf"\1\n  annote: {MARKER} source annote", text, flags=re.M)
        else:
            text += f"comment: {MARKER} {path.stem} comment\n"
            count = 1
        path.write_text(f"# {MARKER} a comment\n" + text, "utf-8")
        planted += count + 1
    write(root / "briefs/sources.bib", BIBTEX)
    theme = root / "briefs/themes/drone-exports.yaml"
    theme.write_text(theme.read_text().replace("[@martin-2025, p. 2]", "[@martin-2025, p. 2; @delta2025]"))
    return planted + 1


def readable_forms(path: Path) -> list[bytes]:
    """The file's bytes and what a reader could get out of them: decompressed streams, the
    PDF's text and attachments."""
    data = path.read_bytes()
    forms = [data]
    if data[:2] == b"\x1f\x8b":
        forms.append(gzip.decompress(data))
    if path.suffix == ".pdf":
        forms.append(pdftotext(path).encode())
        reader = PdfReader(path)
        forms += [content for contents in reader.attachments.values() for content in contents]
        qpdf = require_tool("qpdf", "qpdf")
        forms.append(subprocess.run([qpdf, "--qdf", "--object-streams=disable", str(path), "-"],
                                    capture_output=True, check=False).stdout)
        for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
            try:
                forms.append(zlib.decompress(stream))
            except zlib.error:
                pass
    return forms


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> tuple[Path, int]:
    root = tmp_path_factory.mktemp("internal") / "project"
    shutil.copytree(FIXTURES / "site", root)
    planted = plant(root)
    config = load_config(root)
    build(BuildOptions(root, root / "out", ("html", "pdf"), config), select(root, [], Diagnostics()))
    publish(PublishOptions(root, root / "site", config=config, base_url="https://briefs.example.org/"))
    return root, planted


def test_the_marker_is_planted_and_read(outputs):
    root, planted = outputs
    assert planted >= 10
    project = load_project(root, select(root, [], Diagnostics()))
    assert MARKER in project.sources["delta2025"].annote and MARKER in project.themes["drone-exports"].comment


def test_no_internal_note_reaches_any_output(outputs):
    root, _ = outputs
    files = [p for folder in ("out", "site") for p in sorted((root / folder).rglob("*")) if p.is_file()]
    kinds = {p.suffix for p in files}
    assert {".html", ".pdf", ".atom", ".json"} <= kinds, kinds
    assert len([p for p in files if p.suffix == ".pdf"]) >= 10 and any("pf_fragment" in p.name for p in files)
    leaks = [str(p.relative_to(root)) for p in files for form in readable_forms(p) if MARKER.encode() in form]
    assert leaks == []


def test_the_pdf_still_carries_its_sources_for_provenance(outputs):
    root, _ = outputs
    attachments = PdfReader(root / "out/weekly/2025-W43.pdf").attachments
    assert "cited-sources.yaml" in attachments and b"ministry-2025-10" in attachments["cited-sources.yaml"][0]
