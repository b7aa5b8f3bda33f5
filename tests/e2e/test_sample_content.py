"""The curated content in briefs/: complete, cited, and rendered end to end."""

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.content.project import load_project, select
from briefgen.errors import Diagnostics
from briefgen.output.build import BuildOptions, build
from tests.conftest import REPO
from tests.render.test_documents import parse

THEMES = ("us-ukraine-drone-deal", "controlled-exports", "european-coproduction")
WEEKS = ("2025-W29", "2025-W42", "2025-W43", "2025-W44", "2025-W45", "2026-W06", "2026-W07")


@pytest.fixture(scope="module")
def content():
    diagnostics = Diagnostics()
    project = load_project(REPO, select(REPO, [], diagnostics))
    assert not diagnostics.items
    return project


def test_the_three_themes_and_the_weekly_briefs_exist(content):
    assert set(THEMES) <= set(content.themes)
    assert set(WEEKS) <= set(content.weekly)
    numbers = [content.weekly[w].number for w in sorted(content.weekly)]
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("theme_id", THEMES)
def test_every_claim_carries_a_citation(content, theme_id):
    theme = content.themes[theme_id]
    assert 120 <= len(theme.summary.markdown.split()) <= 200
    assert 5 <= len(theme.key_points) <= 8
    assert 3 <= len(theme.quotes) <= 6
    assert theme.timeline and theme.figures and theme.assessment and theme.open_questions
    assert theme.summary.keys
    for text in (*theme.key_points, *(e.text for e in theme.timeline)):
        assert text.keys, f"{text.location}: no citation"
    for figure in theme.figures:
        assert figure.cite.keys, f"figure {figure.label!r} has no citation"
    for quote in theme.quotes:
        assert quote.cite.keys and quote.original and quote.speaker, quote.text
    for key in (k for t in (*theme.key_points, theme.summary) for k in t.keys):
        assert key in content.sources


def test_every_source_is_cited_somewhere(content):
    cited = set()
    for theme in content.themes.values():
        texts = [theme.summary, *theme.key_points, *(e.text for e in theme.timeline),
                 *(f.cite for f in theme.figures), *(q.cite for q in theme.quotes), theme.assessment]
        cited.update(k for t in texts if t for k in t.keys)
    for brief in content.weekly.values():
        cited.update(brief.bluf.keys)
        cited.update(k for ref in brief.themes if ref.note for k in ref.note.keys)
    assert cited == set(content.sources)


def test_weekly_briefs_note_themes_quiet_that_week(content):
    for brief in content.weekly.values():
        for ref in brief.themes:
            if not content.themes[ref.id].entries_in(brief.week):
                assert ref.note, f"{brief.id}: {ref.id} has no event that week and no editor's note"


def test_quotes_keep_the_source_wording(content):
    seeds = Path(REPO.parent / "shared" / "seeds")
    if not seeds.is_dir():
        pytest.skip("the seed texts are not beside this checkout")
    corpus = " ".join(" ".join(p.read_text("utf-8").split()) for p in seeds.glob("*.txt"))
    for theme in content.themes.values():
        for quote in theme.quotes:
            assert " ".join(quote.original.split()) in corpus, quote.original


def test_everything_builds_to_html_and_pdf(tmp_path):
    out = tmp_path / "out"
    diagnostics = Diagnostics()
    report = build(BuildOptions(REPO, out), select(REPO, [], diagnostics))
    pdfs = sorted(p for p in report.written if p.suffix == ".pdf")
    assert len(pdfs) == len(THEMES) + len(list((REPO / "briefs/weekly").glob("*.yaml")))
    for html_path in out.rglob("*.html"):
        anchors = parse(html_path)
        assert anchors.cite_links, html_path
        assert all(href[1:] in anchors.ids for href in anchors.cite_links), html_path
    for pdf in pdfs:
        reader = PdfReader(pdf)
        text = " ".join("\n".join(page.extract_text() for page in reader.pages).split())
        assert reader.metadata.title and reader.metadata.title.split()[0] in text
        assert "Sources" in text
        assert re.search(r"Page 1 of \d+", text)


def test_theme_pdfs_hold_title_and_summary(content, tmp_path):
    out = tmp_path / "out"
    diagnostics = Diagnostics()
    build(BuildOptions(REPO, out, ("pdf",)), select(REPO, [REPO / "briefs/themes"], diagnostics))
    for theme in content.themes.values():
        text = " ".join("\n".join(p.extract_text() for p in PdfReader(out / f"themes/{theme.id}.pdf").pages).split())
        opening = " ".join(re.sub(r"\[[^\]]*@[^\]]*\]", "", theme.summary.markdown).split()[:8])
        assert " ".join(theme.title.split()) in text.replace("’", "'") or theme.title in text
        assert opening.replace("'", "’")[:40] in text.replace("'", "’"), opening
