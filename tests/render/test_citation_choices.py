"""The editor's citation choices, read back from the HTML and the PDF: the numbered style
(one number per source, markers linked to their entries), a style per kind of document, and
where a key-figures table names its sources."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from briefgen.content.config import load_config
from briefgen.content.project import Selection
from briefgen.output.build import BuildOptions, build
from tests.conftest import pdftotext, write

BOTH = Selection(("sample-theme",), ("2025-W42",))


class Page(HTMLParser):
    """Ids, citation markers (text and links), the key-figures table and its Source line."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, str] = {}          # id → tag
        self.markers: list[list] = []          # [text, [hrefs]]
        self.links: list[list[str]] = []       # [link text, href] of each marker's links
        self.rows: list[list[str]] = []        # the key-figures table, header row first
        self.source_line = ""
        self.note_calls = 0
        self._marker = self._cell = self._link = None
        self._depth = 0
        self._in_table = self._in_line = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if "id" in attrs:
            self.ids[attrs["id"]] = tag
        self.note_calls += "note-call" in classes
        if tag == "span" and "citation" in classes:
            self._marker, self._depth = ["", []], 0
            self.markers.append(self._marker)
        if tag == "span" and self._marker is not None:
            self._depth += 1
        if tag == "a" and self._marker is not None and "cite-ref" in classes:
            self._marker[1].append(attrs["href"])
            self._link = ["", attrs["href"]]
            self.links.append(self._link)
        self._in_table |= tag == "table" and "figures" in classes
        self._in_line |= tag == "p" and "table-source" in classes
        if self._in_table and tag == "tr":
            self.rows.append([])
        if self._in_table and tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "a":
            self._link = None
        if tag == "span" and self._marker is not None:
            self._depth -= 1
            if self._depth == 0:
                self._marker = None
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(re.sub(r"[ \t\n]+", " ", self._cell).strip())  # no-break spaces kept
            self._cell = None
        self._in_table &= tag != "table"
        self._in_line &= tag != "p"

    def handle_data(self, data):
        if self._marker is not None:
            self._marker[0] += data
            if self._link is not None:
                self._link[0] += data
        if self._cell is not None:
            self._cell += data
        if self._in_line:
            self.source_line += data


def built(project, config: str, formats=("html", "pdf")):
    write(project / "briefgen.toml", config)
    build(BuildOptions(project, project / "out", formats, load_config(project)), BOTH)


def page(project, name: str) -> Page:
    parser = Page()
    parser.feed((project / "out" / name).read_text("utf-8"))
    return parser


def pdf_links(path) -> list[tuple[int, str]]:
    """Each internal link of a PDF: the page it is on and the destination it leads to."""
    reader = PdfReader(path)
    return [(number, str(annotation.get_object()["/Dest"])) for number, pdf_page in enumerate(reader.pages)
            for annotation in pdf_page.get("/Annots", []) if "/Dest" in annotation.get_object()]


def test_numbered_sources_reuse_their_number_and_link_to_their_entry_on_screen_and_in_print(project):
    built(project, 'citation_style = "numbered"\nfigure_sources = "markers"\n')
    html = page(project, "themes/sample-theme.html")
    texts = [" ".join(text.split()) for text, _ in html.markers]
    assert texts[:4] == ["[1]", "[2, p. 4]", "[2; 3]", "[2]"]  # beta, then alpha every time
    numbers: dict[str, set[str]] = {}
    for number, href in html.links:
        assert html.ids[href.removeprefix("#")] == "li", href
        numbers.setdefault(href, set()).add(number)
    assert numbers == {"#ref-1": {"1"}, "#ref-2": {"2"}, "#ref-3": {"3"}}  # each source keeps its number
    assert len(html.links) > 10 and html.note_calls == 0
    pdf = project / "out/themes/sample-theme.pdf"
    text = " ".join(pdftotext(pdf).split())
    assert "cites beta first [1]. A second sentence cites alpha with a locator [2, p. 4] and both together [2; 3]." \
        in text
    reader = PdfReader(pdf)
    links = pdf_links(pdf)
    sources_page = next(n for n, p in enumerate(reader.pages) if re.search(r"^Sources$", p.extract_text(), re.M))
    assert {dest for _, dest in links} == {"ref-1", "ref-2", "ref-3"}  # no notes: every link leads to an entry
    assert len(links) >= len(html.markers)
    for _, dest in links:
        assert reader.get_destination_page_number(reader.named_destinations[dest]) == sources_page


def test_weekly_briefs_alone_can_take_numbered_sources(project):
    built(project, 'citation_style_weekly = "numbered"\n', formats=("pdf",))
    weekly = {dest for _, dest in pdf_links(project / "out/weekly/2025-W42.pdf")}
    theme = {dest for _, dest in pdf_links(project / "out/themes/sample-theme.pdf")}
    assert weekly and not any(d.startswith("note") for d in weekly)
    assert {"note-1", "note-call-1"} <= theme  # theme notes keep their footnotes
    assert "The bottom line cites gamma first [1]." in " ".join(pdftotext(project / "out/weekly/2025-W42.pdf").split())


@pytest.mark.parametrize("style", ["chicago-notes", "numbered"])
def test_a_source_column_names_each_rows_source(project, style):
    built(project, f'citation_style = "{style}"\nfigure_sources = "column"\n')
    html = page(project, "themes/sample-theme.html")
    assert html.rows == [["Figure", "Value", "As of", "Source"],
                         ["Drones a year", "3.5 million", "15 October 2025", "Martin\u00a0[2]"],
                         ["Drones next year", "4 million", "December 2025", "Gamma Institute\u00a0[3]"]]
    assert html.source_line == ""
    text = " ".join(pdftotext(project / "out/themes/sample-theme.pdf").split())
    assert "3.5 million 15 October 2025 Martin [2]" in text and "4 million December 2025 Gamma Institute [3]" in text


def test_a_source_line_under_the_table_names_each_source_once(project):
    theme = project / "briefs/themes/sample-theme.yaml"
    theme.write_text(theme.read_text().replace('cite: "[@gamma]"', 'cite: "[@alpha, p. 9]"'))
    built(project, 'figure_sources = "below"\n')
    html = page(project, "themes/sample-theme.html")
    assert [row[1] for row in html.rows[1:]] == ["3.5 million", "4 million"]  # no marker in the rows
    assert " ".join(html.source_line.split()) == "Source: Martin [2, p. 9]."
    text = " ".join(pdftotext(project / "out/themes/sample-theme.pdf").split())
    assert "December 2025 Source: Martin [2, p. 9]." in text
    # auto: the line for a table of one source, and a column once its rows cite two
    built(project, "", formats=("html",))
    assert " ".join(page(project, "themes/sample-theme.html").source_line.split()) == "Source: Martin [2, p. 9]."
    theme.write_text(theme.read_text().replace('cite: "[@alpha, p. 9]"', 'cite: "[@gamma]"'))
    built(project, "", formats=("html",))
    auto = page(project, "themes/sample-theme.html")
    assert auto.rows[0][-1] == "Source" and auto.source_line == ""


def test_a_marker_in_each_row_stays_on_the_line_of_its_value(project):
    built(project, 'citation_style = "numbered"\nfigure_sources = "markers"\n', formats=("html",))
    html = page(project, "themes/sample-theme.html")
    assert [row[1] for row in html.rows[1:]] == ["3.5 million\u00a0[2]", "4 million\u00a0[3]"]
