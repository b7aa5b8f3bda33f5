"""What a reader is told about trust: a brief compiled after the fact says so, sources show
their grade and assessment, and a translated quote says whose words it reports."""

import re

import pytest

from briefgen.content.config import load_config
from briefgen.content.project import Selection
from briefgen.output.build import BuildOptions, build
from briefgen.site.publish import PublishOptions, publish
from tests.conftest import pdftotext, write

WEEKLY = Selection(("sample-theme",), ("2025-W42",))
BANNER = "Compiled retrospectively on 10 February 2026, from sources published up to 2 November 2025."


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def pdf_text(path) -> str:
    """The PDF's words, with the hyphenation of line ends (U+2010) undone."""
    return " ".join(pdftotext(path).replace("\u2010\n", "").split())


@pytest.fixture
def trusted(project):
    """The fixture project with a retrospective brief citing a later source, graded sources and
    a quote reported in translation."""
    sources = project / "briefs/sources.yaml"
    sources.write_text(sources.read_text()
                       .replace('  issued: "2025-10-17"\n', '  issued: "2025-10-17"\n  grade: B2\n'
                                '  assessment: Named national daily; first-hand reporting.\n')
                       .replace('  issued: "2024"', '  issued: "2025-11-02"\n  grade: F3'))
    brief = project / "briefs/weekly/2025-W42.yaml"
    brief.write_text(brief.read_text().replace('date: "2025-10-17"\n', 'date: "2025-10-17"\ncompiled: "2026-02-10"\n'))
    theme = project / "briefs/themes/sample-theme.yaml"
    theme.write_text(theme.read_text().replace("    role: President\n", "    role: President\n    spoken_in: en\n")
                     .replace('    cite: "@beta"', '    cite: "@alpha"'))
    write(project / "briefgen.toml", "require_grades = false\n")
    return project


def build_both(project):
    build(BuildOptions(project, project / "out", ("html", "pdf"), load_config(project)), WEEKLY)
    return project / "out"


def test_a_retrospective_brief_says_so_on_its_first_page_and_its_page(trusted):
    out = build_both(trusted)
    assert BANNER in text_of((out / "weekly/2025-W42.html").read_text())
    first_page = " ".join(pdftotext(out / "weekly/2025-W42.pdf").split("\f")[0].split())
    assert BANNER in first_page
    site = trusted / "site"
    publish(PublishOptions(trusted, site, config=load_config(trusted), pdf=False, drafts=True))
    assert BANNER in text_of((site / "weekly/2025-W42.html").read_text())


def test_a_brief_of_its_own_time_has_no_banner(project):
    out = build_both(project)
    assert "retrospectively" not in (out / "weekly/2025-W42.html").read_text()
    assert "retrospectively" not in pdftotext(out / "weekly/2025-W42.pdf")


def test_graded_sources_show_grade_meaning_and_assessment_everywhere(trusted):
    out = build_both(trusted)
    alpha = "Grade B2: usually reliable; probably true. Named national daily; first-hand reporting."
    gamma = "Grade F3: reliability cannot be judged; possibly true."
    for html in ((out / "weekly/2025-W42.html").read_text(), (out / "themes/sample-theme.html").read_text()):
        assert alpha in text_of(html) and gamma in text_of(html)
    pdf = pdf_text(out / "weekly/2025-W42.pdf")
    assert alpha in pdf and gamma in pdf
    site = trusted / "site"
    publish(PublishOptions(trusted, site, config=load_config(trusted), pdf=False))
    sources_page = text_of((site / "sources.html").read_text())
    assert alpha in sources_page and gamma in sources_page
    entries = re.findall(r"<li id=\"ref-\d+\".*?</li>", (out / "weekly/2025-W42.html").read_text(), re.S)
    ungraded = [entry for entry in entries if "untitled web page" in entry]
    assert len(ungraded) == 1 and "source-appraisal" not in ungraded[0]  # nothing to say, nothing said


def test_a_quote_reported_in_translation_is_marked(trusted):
    out = build_both(trusted)
    html = text_of((out / "themes/sample-theme.html").read_text())
    assert "“We make a great deal ourselves.” (reported in French; our translation)" in html
    assert "As reported: « nous produisons beaucoup nous-mêmes »" in html
    pdf = pdf_text(out / "themes/sample-theme.pdf")
    assert "(reported in French; our translation)" in pdf


def test_a_quote_in_the_speakers_own_language_has_no_marker(project):
    out = build_both(project)
    html = text_of((out / "themes/sample-theme.html").read_text())
    assert "our translation" not in html and "Original: « nous produisons beaucoup nous-mêmes »" in html
