"""Charts and timeline graphics: SVG in the HTML and the PDF, cited, accessible, deterministic.

tests/fixtures/charts/five-charts.yaml declares one chart of every kind; it is appended to
the fixture project's sample theme. Invalid specs are covered by the located-error fixtures
in tests/fixtures/check/error-chart-*.yaml (run by tests/test_check.py) and below.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from briefgen.content.project import load_project, select
from briefgen.errors import Diagnostics
from briefgen.graphics.svg import palette_of
from briefgen.output.build import BuildOptions, build
from briefgen.resources import builtin_stylesheet
from tests.conftest import FIXTURES, REPO, pdftotext, write

CHARTS = FIXTURES / "charts/five-charts.yaml"
THEME = "briefs/themes/sample-theme.yaml"


def add_charts(project: Path, extra: str = "") -> list[dict]:
    """Append the five fixture charts (and ``extra`` YAML) to the sample theme; returns the charts."""
    path = project / THEME
    path.write_text(path.read_text("utf-8") + CHARTS.read_text("utf-8") + extra, encoding="utf-8")
    return yaml.safe_load(CHARTS.read_text("utf-8"))["charts"]


def build_all(project: Path, formats=("html",), out: str = "out") -> Path:
    build(BuildOptions(project, project / out, tuple(formats)), select(project, [], Diagnostics()))
    return project / out


def figures(page: str) -> dict[str, str]:
    """Each chart's ``<figure>`` in ``page``, by id."""
    return dict(re.findall(r'<figure class="chart chart-\w+" id="([\w-]+)">(.*?)</figure>', page, re.S))


class TableReader(HTMLParser):
    """The rows of the first ``<table>``: each row a list of (text, attributes) cells."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[tuple[str, dict]]] = []
        self.cell: list[str] | None = None
        self.attributes: dict = {}

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell, self.attributes = [], dict(attrs)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(("".join(self.cell).strip(), self.attributes))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(figure: str) -> list[list[tuple[str, dict]]]:
    reader = TableReader()
    reader.feed(re.search(r"<table.*?</table>", figure, re.S).group(0))
    return reader.rows


def pdf_text(path: Path) -> str:
    return " ".join(pdftotext(path).split())


# -- the sample content ----------------------------------------------------------------------


def test_sample_themes_carry_charts_and_every_theme_a_timeline_graphic(tmp_path):
    out = tmp_path / "out"
    build(BuildOptions(REPO, out, ("html",)), select(REPO, [], Diagnostics()))
    charts = 0
    for theme in sorted((REPO / "briefs/themes").glob("*.yaml")):
        page = (out / "themes" / f"{theme.stem}.html").read_text("utf-8")
        charts += len(figures(page))
        assert f'<figure class="chart timeline-graphic" id="timeline-graphic-{theme.stem}">' in page
        assert page.count('class="chart-svg chart-timeline') == 1
    assert charts >= 2
    for brief in sorted((REPO / "briefs/weekly").glob("*.yaml")):
        page = (out / "weekly" / f"{brief.stem}.html").read_text("utf-8")
        assert "chart-svg chart-timeline" in page, brief.name


def test_sample_charts_cite_their_sources_honestly():
    project = load_project(REPO, select(REPO, [], Diagnostics()))
    charts = {chart.title: chart for theme in project.themes.values() for chart in theme.charts}
    drones = next(c for title, c in charts.items() if "Petraeus" in title)
    assert drones.cite.keys == ("cipherbrief-2025-10",)
    assert [(p.label, p.value, p.to) for p in drones.series[0].points] == [
        ("Ukraine", 3_500_000, None), ("United States", 300_000, 400_000)]
    assert "no period" in drones.note and "no period" in drones.alt  # the source gives none
    share = next(c for c in charts.values() if c.unit == "%")
    assert share.cite.keys == ("numerama-2025-11",)
    assert share.series[0].points[0].text == "more than 40%" and share.target.value == 50


# -- in the HTML -------------------------------------------------------------------------------


def test_each_chart_is_inline_svg_with_its_title_and_text_alternative(project):
    declared = add_charts(project)
    page = (build_all(project) / "themes/sample-theme.html").read_text("utf-8")
    found = figures(page)
    assert list(found) == [f"chart-sample-theme-{n}" for n in range(1, 6)]
    for (ident, figure), chart in zip(found.items(), declared, strict=True):
        assert f'<figcaption class="chart-title">{html.escape(chart["title"], quote=False)}</figcaption>' in figure
        svg = re.search(r"<svg .*?</svg>", figure, re.S).group(0)
        assert 'role="img"' in svg and f'aria-labelledby="{ident}-title"' in svg
        assert f'aria-describedby="{ident}-desc"' in svg
        title = html.unescape(re.search(rf'<title id="{ident}-title">(.*?)</title>', svg).group(1))
        assert chart["title"] in title and chart["alt"] in title  # the PDF's Alt text is the SVG's title
        desc = html.unescape(re.search(rf'<desc id="{ident}-desc">(.*?)</desc>', svg).group(1))
        assert all(point["label"] in desc for series in chart.get("series", [{"data": chart.get("data")}])
                   for point in series["data"])
        assert "<script" not in svg and "style=" not in svg


def test_the_source_line_cites_like_any_claim(project):
    write(project / "briefs/sources.yaml", (project / "briefs/sources.yaml").read_text("utf-8") +
          "\n- id: delta\n  type: report\n  title: Delta Chart Data\n  publisher: Delta Office\n  issued: \"2025\"\n")
    add_charts(project, extra="""  - type: bar
    title: Cited only here
    alt: One bar.
    cite: "[@delta, table 2]"
    data:
      - {label: A, value: 1}
""")
    page = (build_all(project) / "themes/sample-theme.html").read_text("utf-8")
    figure = figures(page)["chart-sample-theme-6"]
    source = re.search(r'<p class="chart-source">(.*?)</p>', figure, re.S).group(1)
    assert "Delta Office" in source and "table 2" in source
    anchor = re.search(r'href="#(ref-\d+)"', source).group(1)
    entry = re.search(rf'<li id="{anchor}"[^>]*>(.*?)</li>', page, re.S).group(1)
    assert "Delta Chart Data" in entry  # the marker resolves to the source's entry in the Sources list
    first = figures(page)["chart-sample-theme-1"]
    assert "No period stated." in first and "The Daily Example" in first and "p. 4" in first


def test_unknown_citation_key_in_a_chart_is_a_located_error(project, cli):
    add_charts(project, extra="""  - type: bar
    title: Bad key
    alt: One bar.
    cite: "[@omega]"
    data:
      - {label: A, value: 1}
""")
    line = (project / THEME).read_text("utf-8").splitlines().index('    cite: "[@omega]"') + 1
    result = cli("check")
    assert result.exit_code == 1
    assert f"{THEME}:{line}:13: error: unknown citation key '@omega'" in result.stderr


def test_data_table_matches_the_yaml(project):
    declared = add_charts(project)
    page = (build_all(project) / "themes/sample-theme.html").read_text("utf-8")
    for figure, chart in zip(figures(page).values(), declared, strict=True):
        assert '<details class="chart-data">' in figure  # a toggle on the web, no script
        rows = table_rows(figure)
        header, body = rows[0], rows[1:]
        series = chart.get("series") or [{"name": None, "data": chart["data"]}]
        if chart.get("series"):
            assert [text for text, _ in header[1:]] == [s["name"] for s in series]
        if chart.get("target"):
            target, body = body[-1], body[:-1]
            assert float(target[1][1]["data-value"]) == chart["target"]["value"]
        assert [row[0][0] for row in body] == [str(p["label"]) for p in series[0]["data"]]
        for index, row in enumerate(body):
            for (text, attributes), s in zip(row[1:], series, strict=True):
                point = s["data"][index]
                assert float(attributes["data-value"]) == float(point["value"])
                assert ("data-to" in attributes) == ("to" in point)
                if "to" in point:
                    assert float(attributes["data-to"]) == float(point["to"])
                if "text" in point:
                    assert text == point["text"]
                else:
                    assert float(re.sub(r"[^\d.]", "", text.split("–")[0])) == float(point["value"])


def test_numbers_are_written_for_the_reader(project):
    add_charts(project)
    page = (build_all(project) / "themes/sample-theme.html").read_text("utf-8")
    rows = table_rows(figures(page)["chart-sample-theme-1"])
    assert [text for text, _ in rows[2][1:]] == ["300,000–400,000"]  # a range, grouped digits
    from briefgen.graphics.svg import format_number

    assert format_number(3_500_000, "fr") == "3\u202f500\u202f000" and format_number(40.5, "fr") == "40,5"
    assert format_number(1234.25, "en") == "1,234.25"


def test_no_chart_is_drawn_or_imported_for_a_document_without_charts(project):
    probe = ("import sys\n"
             "from briefgen.cli.main import main\n"
             "try:\n    main(['build', '--format', 'html', '--out', 'probe'])\n"
             "except SystemExit:\n    pass\n"
             "print('briefgen.graphics.charts' in sys.modules, 'briefgen.graphics.timeline' in sys.modules)")

    def run() -> str:
        return subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True,
                              check=True).stdout.split("\n")[-2]

    assert run() == "False True"  # timelines are drawn; the chart module is never loaded
    add_charts(project)
    (project / "probe").rename(project / "probe-before")
    assert run() == "True True"


def test_output_is_deterministic(project, tmp_path):
    add_charts(project)
    first = (build_all(project, out="one") / "themes/sample-theme.html").read_text("utf-8")
    second = (build_all(project, out="two") / "themes/sample-theme.html").read_text("utf-8")
    assert first == second
    assert not re.search(r"\d\.\d{3,}", " ".join(re.findall(r"<svg .*?</svg>", first, re.S)))  # rounded coordinates


def test_colours_and_font_come_from_the_stylesheet(project):
    add_charts(project)
    write(project / "style.css", ":root { --accent: #aa0000; --chart-2: #00aa00; --sans: Charis SIL; }\n")
    page = (build_all(project) / "themes/sample-theme.html").read_text("utf-8")
    bars = figures(page)["chart-sample-theme-3"]
    assert 'class="chart-mark series-1 fill-1"' in bars and 'fill="#aa0000"' in bars  # --chart-1 is var(--accent)
    assert 'fill="#00aa00"' in bars
    assert 'font-family="Charis SIL"' in bars
    css = (REPO / "style.css").read_text("utf-8")
    assert ".chart-svg .fill-1 { fill: var(--chart-1); }" in css  # the same property on screen


def test_the_configs_extra_css_colours_the_charts_and_a_changed_config_is_seen(project, cli):
    add_charts(project)
    write(project / "one.css", ":root { --chart-2: #0000aa; }\n")
    write(project / "two.css", ":root { --chart-2: #00aa00; }\n")
    write(project / "briefgen.toml", 'extra_css = ["one.css"]\n')
    assert cli("build", "--format", "html", "--out", "one").exit_code == 0
    assert 'fill="#0000aa"' in figures((project / "one/themes/sample-theme.html").read_text("utf-8"))[
        "chart-sample-theme-3"]
    # the same process, as in the live preview: the palette follows the edited config
    write(project / "briefgen.toml", 'extra_css = ["two.css"]\n')
    assert cli("build", "--format", "html", "--out", "two").exit_code == 0
    bars = figures((project / "two/themes/sample-theme.html").read_text("utf-8"))["chart-sample-theme-3"]
    assert 'fill="#00aa00"' in bars and 'fill="#0000aa"' not in bars


def test_a_css_file_given_on_the_command_line_colours_the_charts_in_html_and_pdf(project, cli):
    """--css takes style.css's place in the cascade, for the graphics too: in the PDF only the
    SVG's own attributes count (WeasyPrint does not apply page CSS inside SVG)."""
    add_charts(project)
    write(project / "style.css", ":root { --chart-2: #0000aa; }\n")
    write(project / "print.css", ":root { --chart-2: #00aa00; --chart-highlight: #aa00aa; }\n")
    assert cli("build", "--css", "print.css", "--out", "out").exit_code == 0
    bars = figures((project / "out/themes/sample-theme.html").read_text("utf-8"))["chart-sample-theme-3"]
    assert 'fill="#00aa00"' in bars and 'fill="#0000aa"' not in bars
    import pypdf  # the PDF's drawing operators carry the colour: 0 0.667 0 (#00aa00), 0.667 0 0.667 (#aa00aa)

    pages = pypdf.PdfReader(project / "out/themes/sample-theme.pdf").pages
    content = b"".join(page.get_contents().get_data() for page in pages)
    assert re.search(rb"\b0 0\.66\d+ 0 (rg|RG)\b", content) and re.search(rb"\b0\.66\d+ 0 0\.66\d+ (rg|RG)\b", content)
    assert not re.search(rb"\b0 0 0\.66\d+ (rg|RG)\b", content)


# -- the timeline graphic ----------------------------------------------------------------------


def test_timeline_graphic_in_the_theme_note(project):
    page = (build_all(project) / "themes/sample-theme.html").read_text("utf-8")
    svg = re.search(r'<figure class="chart timeline-graphic" id="timeline-graphic-sample-theme">\s*(<svg .*?</svg>)',
                    page, re.S).group(1)
    assert svg.count('<g class="chart-event') == 4
    assert svg.count("approximate") >= 2  # September 2025 and the entry filed under week 46
    assert "this-week" not in svg
    assert "Background from September" in svg and "[@gamma]" not in svg  # labels lose their citations
    assert '<ol class="timeline">' in page  # the dated list stays as the text version


def test_timeline_graphic_in_the_weekly_brief_highlights_this_week(project):
    page = (build_all(project) / "weekly/2025-W42.html").read_text("utf-8")
    svg = re.search(r"<svg [^>]*chart-timeline.*?</svg>", page, re.S).group(0)
    events = re.findall(r'<g class="(chart-event[^"]*)"><title>(.*?)</title>', svg)
    assert [title for _, title in events] == ["September 2025: Background from September",
                                              "17 October 2025: A meeting in week 42"]  # nothing after the week
    assert "this-week" in events[1][0] and "this-week" not in events[0][0]
    assert 'class="chart-week fill-week"' in svg  # the band marking the week


def test_timeline_labels_can_be_given(project):
    path = project / THEME
    path.write_text(path.read_text("utf-8").replace('  - date: "2025-10-17"\n',
                                                    '  - date: "2025-10-17"\n    label: The meeting\n'))
    page = (build_all(project) / "themes/sample-theme.html").read_text("utf-8")
    assert ">The meeting</text>" in page


# -- in the PDF ----------------------------------------------------------------------------------


def test_charts_are_drawn_in_the_pdf_with_alt_text_and_no_data_table(project):
    from pypdf import PdfReader

    declared = add_charts(project)
    out = build_all(project, formats=("pdf",))
    pdf = out / "themes/sample-theme.pdf"
    text = pdf_text(pdf)
    for chart in declared:
        assert chart["title"] in text
    assert "3.5 million" in text and "Plan: 80" in text and "Q3" in text  # drawn as SVG text
    assert "The data" not in text and "Category" not in text  # the table is for the screen
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict) or hasattr(node, "keys"):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    if hasattr(kid, "get_object"):
                        walk(kid)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    for chart in declared:
        assert any(chart["alt"] in alt for alt in alts), chart["title"]
    assert any(alt.startswith("Timeline: Sample theme about drones") for alt in alts)


@pytest.mark.parametrize("kind", ["bar", "line", "comparison"])
def test_svg_writer_escapes_what_it_is_given(kind):
    from briefgen.content.model import Chart, ChartPoint, ChartSeries
    from briefgen.graphics import charts

    chart = Chart(type=kind, title='A <b>"title"</b> & more', alt="alt </svg><script>", cite=None,
                  named_series=(ChartSeries("", (ChartPoint("<x>", 1.0), ChartPoint("y & z", 2.0))),))
    pal = palette_of([builtin_stylesheet()])
    svg = charts.render_svg(chart, "c", "en", pal)
    assert "<script>" not in svg and "<b>" not in svg and "&lt;x&gt;" in svg and "y &amp; z" in svg
    assert svg.count("<svg") == 1 and svg.endswith("</svg>")
    assert charts.render_svg(chart, "c", "en", pal) == svg


def test_weekly_briefs_show_the_charts_known_by_their_week(project):
    declared = add_charts(project)
    page = (build_all(project) / "weekly/2025-W42.html").read_text("utf-8")
    titles = [html.unescape(t) for t in re.findall(r'<figcaption class="chart-title">(.*?)</figcaption>', page)]
    # Not December's, nor October's: "2025-10" cannot tell it was so by 17 October.
    assert titles == [c["title"] for c in declared if "as_of" not in c]
    assert len(titles) == 3


def test_check_never_loads_chart_code(project):
    add_charts(project)
    probe = ("import sys\nfrom briefgen.cli.main import main\n"
             "try:\n    main(['check'])\nexcept SystemExit:\n    pass\n"
             "print(any(name.startswith(('briefgen.chart', 'weasyprint')) for name in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False"]


def test_charts_speak_the_documents_language(project):
    add_charts(project)
    path = project / THEME
    path.write_text(path.read_text("utf-8").replace("tags: [drones, exports]", "tags: [drones, exports]\nlang: fr"))
    page = (build_all(project) / "themes/sample-theme.html").read_text("utf-8")
    share = figures(page)["chart-sample-theme-2"]
    assert "Les données" in share and "Catégorie" in share and "Objectif" not in share  # the target has a label
    assert "1\u202f000\u202f000" in figures(page)["chart-sample-theme-1"]  # French digit groups on the axis
    assert "févr." not in page and "sept." in page  # French month abbreviations on the timeline axis
