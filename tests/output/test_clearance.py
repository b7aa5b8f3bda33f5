"""Nothing goes out before it is cleared: the draft mark on every page, clearance in the PDF's
metadata, `briefgen clear`, a change after clearance, `check --release`, and `publish`
leaving drafts out of every file of the site."""

import gzip
import re
import shutil

import pytest
from pypdf import PdfReader

from briefgen.content.config import load_config
from briefgen.content.project import Selection
from briefgen.output.build import BuildOptions, build
from briefgen.site.publish import PublishOptions, publish
from tests.conftest import FIXTURES, pdftotext

WEEKLY = Selection((), ("2025-W42",))
MARK = "DRAFT — NOT CLEARED FOR RELEASE"


def pages(pdf) -> list[str]:
    return [" ".join(page.split()) for page in pdftotext(pdf).split("\f") if page.strip()]


def long_draft(project):
    """The fixture brief with an editor's note long enough to run over several pages."""
    paragraphs = "\n\n".join(f"      Paragraph {n}: a long note that keeps the brief running over its pages."
                               for n in range(55))  # under the 5,000 characters a text may hold
    brief = project / "briefs/weekly/2025-W42.yaml"
    brief.write_text(brief.read_text().replace("    note: An editor’s note [@beta].",
                                               "    note: |\n      An editor’s note [@beta].\n\n" + paragraphs))


def test_a_draft_carries_its_mark_on_every_page_and_in_its_metadata(project):
    long_draft(project)
    build(BuildOptions(project, project / "out", ("html", "pdf"), load_config(project)), WEEKLY)
    pdf = project / "out/weekly/2025-W42.pdf"
    texts = pages(pdf)
    assert len(texts) >= 2 and all(MARK in text for text in texts)
    assert PdfReader(pdf).metadata["/clearance"] == MARK
    html = (project / "out/weekly/2025-W42.html").read_text()
    assert f'<p class="draft-mark" role="note">{MARK}</p>' in html


def test_a_cleared_brief_has_no_mark_and_says_who_cleared_it(project, cli):
    result = cli("clear", "2025-W42", "--by", "Drone Desk (A. Analyst)", "--on", "2025-10-17")
    assert result.exit_code == 0 and "cleared by Drone Desk (A. Analyst) on 2025-10-17" in result.stdout
    block = (project / "briefs/weekly/2025-W42.yaml").read_text().split("clearance:\n", 1)[1]
    assert re.fullmatch(r'  state: cleared\n  by: "Drone Desk \(A. Analyst\)"\n  on: "2025-10-17"\n'
                        r'  digest: "sha256:[0-9a-f]{24}"\n', block)
    assert cli("check", "--release", "--strict").exit_code == 0
    build(BuildOptions(project, project / "out", ("html", "pdf"), load_config(project)), WEEKLY)
    pdf = project / "out/weekly/2025-W42.pdf"
    assert not any("DRAFT" in text for text in pages(pdf))
    assert PdfReader(pdf).metadata["/clearance"] == "Cleared by Drone Desk (A. Analyst) on 17 October 2025."
    assert "draft-mark" not in (project / "out/weekly/2025-W42.html").read_text()


def test_a_change_after_clearance_is_an_error_and_a_draft_again(project, cli):
    cli("clear", "2025-W42", "--by", "Desk", "--on", "2025-10-17")
    theme = project / "briefs/themes/sample-theme.yaml"  # what the brief shows of its theme counts too
    theme.write_text(theme.read_text().replace("A meeting in week 42", "A meeting in week forty-two"))
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "briefs/weekly/2025-W42.yaml:14:3: error: 2025-W42 changed after Desk cleared it on 2025-10-17: review it, "
        "then clear it again (`briefgen clear 2025-W42 --by NAME`)"]
    build(BuildOptions(project, project / "out", ("pdf",), load_config(project)), WEEKLY)
    assert all(MARK in text for text in pages(project / "out/weekly/2025-W42.pdf"))
    theme.write_text(theme.read_text().replace("Something in week 43", "Something else in week 43"))  # not shown
    cli("clear", "2025-W42", "--by", "Desk", "--on", "2025-10-18")
    assert cli("check").exit_code == 0


def test_release_gate_and_hand_written_clearance(project, cli):
    result = cli("check", "--release")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == ("briefs/weekly/2025-W42.yaml:1:1: error: 2025-W42 is not cleared for "
                                             "release (clearance: draft)")
    brief = project / "briefs/weekly/2025-W42.yaml"
    brief.write_text(brief.read_text() + "clearance:\n  state: cleared\n")
    result = cli("check")
    assert result.exit_code == 1 and "is marked cleared without who cleared it, when, and what" in result.stderr
    assert cli("clear", "2025-W42").exit_code == 1  # clearing needs --by
    assert cli("clear", "2025-W42", "--state", "review").exit_code == 0
    assert brief.read_text().endswith("clearance:\n  state: review\n")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The site fixture with W44 put back in review, published with its PDFs and search."""
    root = tmp_path_factory.mktemp("clearance") / "project"
    shutil.copytree(FIXTURES / "site", root)
    brief = root / "briefs/weekly/2025-W44.yaml"
    brief.write_text(re.sub(r"clearance:\n(  .*\n)+", "clearance:\n  state: review\n", brief.read_text()))
    report = publish(PublishOptions(root, root / "site", "https://briefs.example.org/", load_config(root)))
    return root, report


def test_publish_leaves_a_draft_out_of_every_file_and_says_so(published):
    root, report = published
    assert report.warnings[0] == "briefs/weekly/2025-W44.yaml: left out: not cleared for release (review)"
    site = root / "site"
    assert (site / "weekly/2025-W43.html").exists() and not (site / "weekly/2025-W44.html").exists()
    assert not (site / "weekly/2025-W44.pdf").exists()
    for path in (p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
        assert b"2025-W44" not in data and "La production européenne de drones accélère".encode() not in data, path


def test_drafts_go_to_a_reviewers_preview_with_their_mark(published, cli, monkeypatch):
    root, _ = published
    monkeypatch.chdir(root)
    assert cli("publish", "--drafts", "--no-pdf").exit_code == 2  # never into the default site folder
    result = cli("publish", "--drafts", "--no-pdf", "--out", "preview")
    assert result.exit_code == 0, result.stderr
    assert "PROJET — NON VALIDÉ POUR DIFFUSION" in (root / "preview/weekly/2025-W44.html").read_text()  # French
