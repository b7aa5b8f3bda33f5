"""The curated content in briefs/: complete, cited, and rendered end to end."""

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.content import timing
from briefgen.content.clearance import is_cleared
from briefgen.content.config import load_config
from briefgen.content.project import load_project, select
from briefgen.content.timing import Known, known_on, last_day
from briefgen.content.yardstick import PHIA
from briefgen.errors import Diagnostics
from briefgen.output.build import BuildOptions, build
from tests.conftest import REPO, run_briefgen
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
    numbers = [content.weekly[w].number for w in sorted(content.weekly) if "." not in w]  # originals, not editions
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
        assert re.search(r"Page 1 (of|sur) \d+", text)  # the French edition of 2025-W44 in French


def test_theme_pdfs_hold_title_and_summary(content, tmp_path):
    out = tmp_path / "out"
    diagnostics = Diagnostics()
    build(BuildOptions(REPO, out, ("pdf",)), select(REPO, [REPO / "briefs/themes"], diagnostics))
    for theme in content.themes.values():
        text = " ".join("\n".join(p.extract_text() for p in PdfReader(out / f"themes/{theme.id}.pdf").pages).split())
        opening = " ".join(re.sub(r"\[[^\]]*@[^\]]*\]", "", theme.summary.markdown).split()[:8])
        assert " ".join(theme.title.split()) in text.replace("’", "'") or theme.title in text
        assert opening.replace("'", "’")[:40] in text.replace("'", "’"), opening


# -- what the sample may claim: the corrections of the content review, pinned ----------------

ENGLISH_SPEAKERS = {"David Petraeus", "Dan Driscoll", "Samuel Bendett", "Andrew Radin", "Randy George"}


def keys_after(text, phrase: str) -> set[str]:
    """The keys of the first citation that follows ``phrase`` in ``text``: what supports it."""
    at = text.markdown.index(phrase)
    return {item.key for item in next(c for c in text.citations if c.start > at).items}


def test_the_sample_passes_check_strict_with_grades_required():
    assert load_config(REPO).require_grades
    result = run_briefgen("check", "--strict", cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "0 warnings" in result.stderr + result.stdout


def test_public_notes_hold_no_provenance_and_every_source_is_graded(content):
    for source in content.sources.values():
        assert not re.search(r"archived|shared/seeds|garbled|dated (by|to)|\.txt", source.note, re.I), source.id
        assert re.search(r"shared/seeds/\d{3}_[0-9a-f]+\.txt", source.annote), f"{source.id}: annote names no seed"
        assert re.fullmatch(r"[A-F][1-6]", source.grade), source.id
        assert source.assessment and "\n" not in source.assessment.strip(), source.id
        if not source.container_title:  # an unnamed outlet cannot be judged
            assert source.grade.startswith("F") and "Unnamed" in source.assessment, source.id


def test_source_dates_are_no_more_precise_than_the_seeds(content):
    sources = content.sources
    assert sources["europe-hubs-2026-02"].issued is None  # seed 004 carries no date
    assert "undated" in sources["europe-hubs-2026-02"].assessment
    centres = sources["export-centres-2026-02"].issued  # seed 002: a statement of 8 February, no own date
    assert (centres.year, centres.month, centres.day) == (2026, 2, None)
    assert "8 February" in sources["export-centres-2026-02"].annote


def test_briefs_claim_only_what_was_known_or_say_they_were_compiled_later(content):
    for brief in content.weekly.values():
        cited = {*brief.bluf.keys, *(k for ref in brief.themes if ref.note for k in ref.note.keys)}
        late = [k for k in cited if known_on(content.sources[k].issued, brief.date) is not Known.YES]
        if late:
            assert brief.compiled == dt.date(2026, 3, 2), f"{brief.id} cites {late} and is not compiled"
        for ref in brief.themes:
            for figure in timing.figures(content.themes[ref.id], brief, content.sources):
                assert figure.as_of and last_day(figure.as_of) <= brief.date, (brief.id, figure.label)
    first = content.weekly["2025-W29"]
    assert first.compiled is None and set(first.bluf.keys) == {"tf1info-2025-07-17"}
    for theme in content.themes.values():
        assert all(figure.as_of for figure in theme.figures), theme.id


def test_quotes_say_when_the_source_translated_the_speaker(content):
    speakers = set()
    for theme in content.themes.values():
        for quote in theme.quotes:
            assert quote.spoken_in and quote.spoken_in != "fr", (theme.id, quote.speaker)  # nobody spoke French
            if quote.speaker in ENGLISH_SPEAKERS:
                speakers.add(quote.speaker)
                assert quote.spoken_in == "en", quote.speaker
    assert speakers == ENGLISH_SPEAKERS - {"Randy George"}  # George is paraphrased, not quoted


def test_headlines_keep_the_sources_hedges(content):
    w44 = content.weekly["2025-W44"]
    assert not re.search(r"\bend(s|ing)?\b", w44.title + " " + w44.bluf.markdown)
    assert "limited" in w44.title and "controlled" in w44.title
    assert "seem" in content.weekly["2025-W42"].title and "seemed" in content.weekly["2025-W42"].bluf.markdown
    for theme in content.themes.values():
        for text in (theme.summary, *theme.key_points, theme.assessment):
            words = " ".join(text.markdown.split())
            if "officers" in words and "Brave1" in words:
                assert "according to several reports" in words, text.location


def test_driscoll_counts_the_whole_path_and_criticises_it(content):
    deal = content.themes["us-ukraine-drone-deal"]
    (figure,) = [f for f in deal.figures if "procurement path" in f.label]
    assert "Driscoll’s count" in figure.label and "criticises" in figure.label and "prototype" in figure.label
    assert figure.value == "eight years"
    speed = next(p.markdown for p in deal.key_points if "Speed gap" in p.markdown or "speed gap" in p.markdown)
    assert "criticises" in speed and "by his count" in speed and "two and a half" in speed
    assert not re.search(r"Driscoll set", " ".join(p.markdown for p in deal.key_points))


def test_sources_that_disagree_are_said_to(content):
    deal, exports = content.themes["us-ukraine-drone-deal"], content.themes["controlled-exports"]
    assert keys_after(deal.summary, "Kyiv would buy American") == {"tf1info-2025-07-17"}
    assert keys_after(deal.summary, "new flow of US military aid") == {"cipherbrief-2025-10"}
    assert "differ" in deal.assessment.markdown and "Tomahawk" in deal.assessment.markdown
    assert "list of the systems" not in deal.assessment.markdown
    assert "consistently" not in exports.assessment.markdown
    assert keys_after(exports.assessment, "domestic manufacturing") == {"europe-hubs-2026-02"}
    assert "differ" in exports.summary.markdown and "differ" in exports.assessment.markdown
    coproduction = content.themes["european-coproduction"].summary.markdown
    assert "capacity to produce" in coproduction and "output now exceeds" not in coproduction


def test_each_claim_cites_the_source_that_makes_it(content):
    assert set(content.weekly["2026-W06"].bluf.keys) == {"export-centres-2026-02"}
    assert keys_after(content.weekly["2025-W45"].bluf, "Brave1 pointed") == {"numerama-2025-11"}
    for theme in content.themes.values():
        texts = [theme.summary, *theme.key_points, theme.assessment, *(e.text for e in theme.timeline)]
        assert not any("end of the year" in t.markdown for t in texts), theme.id
        assert all("end of the year" not in f.label for f in theme.figures)


def test_quiet_weeks_say_what_changed(content):
    for week, theme in (("2025-W43", "controlled-exports"), ("2025-W45", "controlled-exports"),
                        ("2025-W45", "us-ukraine-drone-deal"), ("2026-W07", "controlled-exports")):
        (ref,) = [r for r in content.weekly[week].themes if r.id == theme]
        assert re.search(r"(Nothing|What) changed", ref.note.markdown), (week, theme)


def test_themes_were_reviewed_after_the_newest_brief(content):
    newest = max(brief.date for brief in content.weekly.values())
    for theme in content.themes.values():
        assert theme.updated and last_day(theme.updated) >= newest, theme.id


# -- key judgements and clearance --------------------------------------------------------------

DRAFT_WEEK = "2026-W07"  # the newest brief stays a draft, to show the workflow


def test_each_theme_states_its_judgements_in_the_yardstick(content):
    config = load_config(REPO)
    assert config.yardstick is PHIA
    briefs = [b for b in content.weekly.values() if b.judgements]
    assert {b.id for b in briefs} == {"2025-W42", "2025-W44", "2025-W44.fr"}  # the French edition states them too
    for document in (*content.themes.values(), *briefs):
        assert document.judgements, document.id
        for judgement in document.judgements:
            assert not judgement.likelihood or PHIA.term(judgement.likelihood), judgement.id
            assert judgement.basis.keys and set(judgement.basis.keys) <= set(content.sources), judgement.id
            grades = [content.sources[k].grade for k in judgement.basis.keys]
            if judgement.confidence != "low":  # more than low needs corroboration and one reliable source
                assert len(grades) >= 2 and any(g[0] in "AB" for g in grades), (document.id, judgement.id)
        if hasattr(document, "assessment"):
            assert "We judge" not in document.assessment.markdown, document.id


def test_judgements_on_one_machine_translated_source_are_low_confidence(content):
    deal = content.themes["us-ukraine-drone-deal"]
    assert all(set(j.basis.keys) == {"cipherbrief-2025-10"} for j in deal.judgements)
    assert {j.confidence for j in deal.judgements} == {"low"}


def test_the_sample_goes_out_cleared_except_one_draft(content):
    for brief in content.weekly.values():
        if brief.id == DRAFT_WEEK:
            assert not is_cleared(brief, content)
            continue
        assert is_cleared(brief, content), brief.id
        assert brief.clearance.by and brief.clearance.on >= (brief.compiled or brief.date), brief.id
    result = run_briefgen("check", "--release", cwd=REPO)
    assert result.returncode != 0
    failing = set(re.findall(r"briefs/weekly/(\S+)\.yaml:\d+:\d+: error", result.stderr + result.stdout))
    assert failing == {DRAFT_WEEK}, result.stderr
