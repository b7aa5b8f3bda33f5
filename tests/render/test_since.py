""""Since No. N": what changed since the previous brief, computed from the content, the same
in the HTML and the PDF — new entries, figures whose value changed, judgements whose
likelihood or confidence changed — and one line when nothing did."""

from html.parser import HTMLParser

import pytest

from briefgen.content.config import load_config
from briefgen.content.project import Selection, load_project
from briefgen.content.since import judgement_changes, theme_changes
from briefgen.output.build import BuildOptions, build
from tests.conftest import pdftotext, write

W43 = Selection((), ("2025-W43",))


def judgement(id_: str, likelihood: str, confidence: str) -> str:
    return (f"  - id: {id_}\n    statement: Production grows in 2026.\n    likelihood: {likelihood}\n"
            f"    confidence: {confidence}\n    basis: \"[@alpha]\"\n")


@pytest.fixture
def cycle(project):
    """Brief No. 1 (W42) and No. 2 (W43); between them an entry, a figure and two judgements change."""
    return make_cycle(project)


def make_cycle(project):
    """Turn a copy of the fixture project into the ``cycle`` project."""
    first = project / "briefs/weekly/2025-W42.yaml"
    first.write_text(first.read_text() + "judgements:\n" + judgement("kj-growth", "unlikely", "low")
                     + judgement("kj-gone", "likely", "moderate").replace("Production grows", "Sales fall"))
    write(project / "briefs/weekly/2025-W43.yaml",
          'number: 2\nweek: "2025-W43"\ndate: "2025-10-24"\ntitle: Second brief\nbluf: A bottom line [@alpha].\n'
          "themes:\n  - sample-theme\njudgements:\n" + judgement("kj-growth", "realistic possibility", "moderate")
          + judgement("kj-new", "likely", "low").replace("Production grows", "Exports start"))
    theme = project / "briefs/themes/sample-theme.yaml"
    text = theme.read_text().replace(
        '  - date: "2025-10-22"\n',
        '  - date: "2025-10-18"\n    text: A Saturday after brief No. 1 [@alpha].\n  - date: "2025-10-22"\n')
    theme.write_text(text.replace(
        "  - label: Drones next year\n",
        '  - label: Drones a year\n    value: "3.8 million"\n    as_of: "2025-10-21"\n    cite: "[@beta]"\n'
        "  - label: Drones next year\n"))
    return project


def test_the_changes_are_computed_from_the_content(cycle):
    project = load_project(cycle, W43, load_config(cycle))
    brief, previous = project.weekly["2025-W43"], project.previous["2025-W43"]
    assert previous.id == "2025-W42"
    changes = theme_changes(project.themes["sample-theme"], brief, previous, project.sources)
    assert [entry.text.markdown for entry in changes.entries] == [
        "A Saturday after brief No. 1 [@alpha].", "Something in week 43 [@beta]."]
    assert [(c.label, c.old.value, c.new.value) for c in changes.figures] == [
        ("Drones a year", "3.5 million", "3.8 million")]
    assert [(c.id, c.old and c.old.likelihood, c.new and c.new.likelihood)
            for c in judgement_changes(brief, previous)] == [
        ("kj-growth", "unlikely", "realistic possibility"), ("kj-new", None, "likely"), ("kj-gone", "likely", None)]


class Sections(HTMLParser):
    """The text under each "Since No. N" heading, and the text of each judgement."""

    def __init__(self):
        super().__init__()
        self.since: list[str] = []
        self.judgements: dict[str, str] = {}
        self.dropped: list[str] = []
        self._into: list | None = None
        self._judgement = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "h3" and attributes.get("class") == "since-heading":
            self.since.append("")
            self._into = self.since
        elif tag in ("h2", "h3"):
            self._into = None
        if tag == "li" and attributes.get("class") == "judgement":
            self._judgement = attributes["id"]
            self.judgements[self._judgement] = ""
        if tag == "ul" and attributes.get("class") == "judgements-dropped":
            self._into = self.dropped
            self.dropped.append("")

    def handle_endtag(self, tag):
        if tag == "li":
            self._judgement = ""
        if tag == "ul" and self._into is self.dropped:
            self._into = None

    def handle_data(self, data):
        if self._into is not None:
            self._into[-1] += data
        if self._judgement:
            self.judgements[self._judgement] += data


def words(text: str) -> str:
    return " ".join(text.split())


def test_html_and_pdf_say_what_changed(cycle):
    build(BuildOptions(cycle, cycle / "out", ("html", "pdf"), load_config(cycle)), W43)
    page = Sections()
    page.feed((cycle / "out/weekly/2025-W43.html").read_text())
    (since,) = page.since
    assert words(since) == (
        "Since No. 1 Also new since No. 1 (17 October 2025): 18 October 2025 A Saturday after brief No. 1 [1]. "
        "Figures new or changed since No. 1: Drones a year: 3.5 million → 3.8 million (21 October 2025) [2]")
    assert words(page.judgements["judgement-kj-growth"]).endswith(
        "Since No. 1: likelihood unlikely → realistic possibility; confidence low → moderate.")
    assert words(page.judgements["judgement-kj-new"]).endswith("New since No. 1.")
    assert words(page.dropped[0]) == "Sales fall in 2026. (was: Likely, moderate confidence)"
    text = words(pdftotext(cycle / "out/weekly/2025-W43.pdf"))
    for said in ("Since No. 1 Also new since No. 1 (17 October 2025): 18 October 2025 A Saturday after brief No. 1",
                 "Drones a year: 3.5 million → 3.8 million (21 October 2025)",
                 "Since No. 1: likelihood unlikely → realistic possibility; confidence low → moderate.",
                 "New since No. 1.", "No longer stated since No. 1: • Sales fall in 2026. (was: Likely, moderate"):
        assert said in text


def test_nothing_new_is_said_in_one_line_and_the_first_brief_has_no_section(project):
    write(project / "briefs/weekly/2025-W44.yaml",
          'number: 2\nweek: "2025-W44"\ndate: "2025-10-31"\ntitle: Quiet week\nbluf: Nothing moved [@alpha].\n'
          "themes:\n  - id: sample-theme\n    note: No event this week [@alpha].\n")
    options = BuildOptions(project, project / "out", ("html",), load_config(project))
    build(options, Selection((), ("2025-W42", "2025-W44")))
    page = Sections()
    page.feed((project / "out/weekly/2025-W44.html").read_text())
    # the 22 October entry falls in week 43, after brief No. 1: new since, though not this week's
    assert [words(s) for s in page.since] == [
        "Since No. 1 Also new since No. 1 (17 October 2025): 22 October 2025 Something in week 43 [2]."]
    first = Sections()
    first.feed((project / "out/weekly/2025-W42.html").read_text())
    assert first.since == []
    theme = project / "briefs/themes/sample-theme.yaml"
    theme.write_text(theme.read_text().replace('date: "2025-10-22"', 'date: "2025-10-10"'))
    build(BuildOptions(project, project / "out", ("html",), load_config(project)), Selection((), ("2025-W44",)))
    page = Sections()
    page.feed((project / "out/weekly/2025-W44.html").read_text())
    assert [words(s) for s in page.since] == ["Since No. 1 Nothing new since No. 1 (17 October 2025)."]


def test_a_brief_added_before_makes_the_next_one_stale(project):
    write(project / "briefs/weekly/2025-W44.yaml",
          'number: 2\nweek: "2025-W44"\ndate: "2025-10-31"\ntitle: Later\nbluf: Later [@alpha].\n'
          "themes:\n  - id: sample-theme\n    note: A note [@alpha].\n")
    options = BuildOptions(project, project / "out", ("html",), load_config(project))
    build(options, Selection((), ("2025-W44",)))
    assert "Since No. 1" in (project / "out/weekly/2025-W44.html").read_text()
    assert build(options, Selection((), ("2025-W44",))).skipped == ["weekly/2025-W44.html"]
    write(project / "briefs/weekly/2025-W43.yaml",
          'number: 7\nweek: "2025-W43"\ndate: "2025-10-24"\ntitle: Between\nbluf: Between [@alpha].\n'
          "themes:\n  - sample-theme\n")
    assert build(options, Selection((), ("2025-W44",))).built == ["weekly/2025-W44.html"]
    assert "Since No. 7" in (project / "out/weekly/2025-W44.html").read_text()
