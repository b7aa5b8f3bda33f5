"""Rendered documents: citations numbered and linked, sections, labels per language."""

import re
from html.parser import HTMLParser

from briefgen.content.project import Selection
from briefgen.output.build import BuildOptions, build
from tests.conftest import write

ALL = Selection(("sample-theme",), ("2025-W42",))


class Anchors(HTMLParser):
    """Collects ids, citation links and the Sources list entries of a page."""

    def __init__(self):
        super().__init__()
        self.ids, self.cite_links, self.entries = set(), [], []
        self._in_entry = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "cite-ref" in (attrs.get("class") or ""):
            self.cite_links.append(attrs["href"])
        if tag == "li" and attrs.get("role") == "doc-biblioentry":
            self._in_entry = [attrs["id"], ""]
            self.entries.append(self._in_entry)

    def handle_endtag(self, tag):
        if tag == "li":
            self._in_entry = None

    def handle_data(self, data):
        if self._in_entry is not None:
            self._in_entry[1] += data


def parse(path):
    parser = Anchors()
    parser.feed(path.read_text())
    return parser


def build_html(project):
    build(BuildOptions(project, project / "out", ("html",)), ALL)


def test_every_marker_links_to_a_source_entry(project):
    build_html(project)
    for page in ("themes/sample-theme.html", "weekly/2025-W42.html"):
        anchors = parse(project / "out" / page)
        assert anchors.cite_links, page
        for href in anchors.cite_links:
            assert href.startswith("#") and href[1:] in anchors.ids, (page, href)


def test_sources_are_numbered_in_order_of_first_citation(project):
    build_html(project)
    theme = parse(project / "out/themes/sample-theme.html")
    # The summary cites beta, then alpha, then gamma.
    assert [e[0] for e in theme.entries] == ["ref-1", "ref-2", "ref-3"]
    assert "An untitled web page" in theme.entries[0][1]
    assert "Martin, Claire" in theme.entries[1][1]
    assert "Gamma Annual Review" in theme.entries[2][1]
    weekly = parse(project / "out/weekly/2025-W42.html")
    assert "Gamma Annual Review" in weekly.entries[0][1]  # the BLUF cites gamma first


def test_repeated_citation_keeps_its_number_and_locators_are_kept(project):
    build_html(project)
    html = (project / "out/themes/sample-theme.html").read_text()
    assert '<a class="cite-ref" id="cite-2-1" href="#ref-2" role="doc-biblioref">2</a>, p. 4' in html
    assert 'see <a class="cite-ref" id="cite-3-2" href="#ref-3" role="doc-biblioref">3</a>, para. 2' in html
    assert html.count('href="#ref-2"') >= 3


def test_this_week_holds_the_entries_dated_in_the_week(project):
    build_html(project)
    html = (project / "out/weekly/2025-W42.html").read_text()
    this_week = re.sub(r"<[^>]+>", "", html.split("This week", 1)[1].split("</ol>", 1)[0])
    assert "A meeting in week 42" in this_week
    assert "Something in week 43" not in this_week and "approximate event" not in this_week


def test_approximate_entry_filed_under_its_week(project):
    path = project / "briefs/weekly/2025-W46.yaml"
    write(path, (project / "briefs/weekly/2025-W42.yaml").read_text()
          .replace("2025-W42", "2025-W46").replace("2025-10-17", "2025-11-14"))
    build(BuildOptions(project, project / "out", ("html",)), Selection((), ("2025-W46",)))
    html = (project / "out/weekly/2025-W46.html").read_text()
    assert "Mid-November 2025" in html.split("This week", 1)[1].split("</ol>", 1)[0]


def test_sources_listed_before_citations_are_still_complete(project):
    write(project / "templates/theme.html",
          '{% extends "default/theme.html" %}\n'
          '{% block header %}{% include "sources.html" %}{% endblock %}{% block sources %}{% endblock %}\n')
    build_html(project)
    theme = parse(project / "out/themes/sample-theme.html")
    assert [e[0] for e in theme.entries] == ["ref-1", "ref-2", "ref-3"]


def test_labels_follow_the_brief_language(project):
    path = project / "briefs/weekly/2025-W42.yaml"
    path.write_text(path.read_text().replace("lang: en", "lang: fr"))
    build_html(project)
    html = (project / "out/weekly/2025-W42.html").read_text()
    assert '<html lang="fr">' in html
    assert "Cette semaine" in html and "17 octobre 2025" in html and ">Sources<" in html
    assert "This week" not in html


def test_html_output_is_reproducible(project):
    build_html(project)
    first = (project / "out/weekly/2025-W42.html").read_bytes()
    build_html(project)
    assert (project / "out/weekly/2025-W42.html").read_bytes() == first
    assert not re.search(rb"\d{2}:\d{2}:\d{2}", first)  # no clock in the output


def test_weekly_brief_shows_only_what_was_known_that_week(project):
    build_html(project)
    html = (project / "out/weekly/2025-W42.html").read_text()
    assert "Background from September" in html.split("Background", 1)[1]
    assert "3.5 million" in html and "4 million" not in html  # a figure dated after the week
    assert "Something in week 43" not in html and "The summary sentence" not in html
