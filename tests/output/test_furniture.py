"""Page furniture: the banner at the top and bottom of every page, the running header and
footer from the config, beside (never over) each other; the editor's CSS beats the built-in
rules; the config's [extra] words reach templates as text. The banner is the worked example
of docs/templates.md, read from the document."""

import re
import subprocess

import pytest
from PIL import Image

from briefgen.content.config import load_config
from briefgen.content.project import Selection
from briefgen.output.build import BuildOptions, build
from tests.conftest import require_tool, write
from tests.docs_examples import worked
from tests.output.test_clearance import MARK, long_draft

EXAMPLE = "A classification banner at the top and bottom of every page"
WEEKLY = Selection((), ("2025-W42",))
BOTH = Selection(("sample-theme",), ("2025-W42",))
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def build_pdf(project, selection=WEEKLY, formats=("html", "pdf")):
    build(BuildOptions(project, project / "out", formats, load_config(project)), selection)
    return project / "out/weekly/2025-W42.pdf"


def boxes(pdf) -> list[list[tuple[float, float, str]]]:
    """Per page, each word's top, bottom and text, as poppler reads them."""
    require_tool("pdftotext", "poppler-utils")
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [[(float(m[2]), float(m[4]), m[5]) for m in WORD.finditer(page)] for page in xhtml.split("<page ")[1:]]


def lines(page: list[tuple[float, float, str]]) -> list[str]:
    """A page's words joined into lines, top to bottom."""
    rows: dict[float, list[str]] = {}
    for top, _, text in page:
        rows.setdefault(round(top), []).append(text)
    return [" ".join(words) for _, words in sorted(rows.items())]


@pytest.fixture
def banner_project(project):
    """The fixture project with the documented banner, and a draft brief of several pages."""
    for path, text in worked(EXAMPLE).files.items():
        write(project / path, text)
    long_draft(project)
    return project


def test_the_banner_opens_and_closes_every_page_around_header_and_footer(banner_project):
    pages = boxes(build_pdf(banner_project))
    assert len(pages) >= 3
    for number, page in enumerate(pages, 1):
        text = lines(page)
        assert text[0] == "RESTRICTED", (number, text[:3])
        assert text[-1] == text[0], (number, text[-3:])
        footer = text[-2]
        assert footer.startswith("Policy Unit — internal distribution only"), footer
        assert MARK in footer and footer.endswith(f"Page {number} of {len(pages)}"), footer
        if number > 1:
            assert text[1] == "Sample weekly brief UNCLASSIFIED — FOR PUBLIC RELEASE", text[1]
        banners = [(top, bottom) for top, bottom, word in page if word == "RESTRICTED"]
        others = [(top, bottom) for top, bottom, word in page if word != "RESTRICTED"]
        assert len(banners) == 2
        (_, first_bottom), (last_top, _) = sorted(banners)
        assert first_bottom <= min(top for top, _ in others), f"page {number}: the banner overprints the header"
        assert last_top >= max(bottom for _, bottom in others), f"page {number}: the banner overprints the footer"


def test_the_banner_is_drawn_in_its_colour_at_top_and_bottom(banner_project):
    require_tool("pdftoppm", "poppler-utils")
    pdf = build_pdf(banner_project)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "2", "-l", "2", str(pdf), str(banner_project / "page")],
                   check=True)
    (image_path,) = banner_project.glob("page-*.png")
    image = Image.open(image_path).convert("RGB")
    width, height = image.size

    def red_rows(rows) -> int:
        return sum(1 for y in rows if sum(1 for x in range(width) if _near(image.getpixel((x, y)), (0xB0, 0x00, 0x20)))
                   > width // 3)

    assert red_rows(range(height // 12)) >= 1, "no banner across the top"
    assert red_rows(range(height - height // 12, height)) >= 1, "no banner across the foot"
    assert red_rows(range(height // 12, height - height // 12)) == 0


def _near(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def test_the_editors_plain_class_rule_wins_over_the_built_in_style(banner_project):
    pdf = build_pdf(banner_project)
    styled = [bottom - top for top, bottom, word in boxes(pdf)[0] if word == "RESTRICTED"]
    (banner_project / "style.css").unlink()
    plain = [bottom - top for top, bottom, word in boxes(build_pdf(banner_project))[0] if word == "RESTRICTED"]
    assert styled and plain and min(styled) > max(plain) * 1.1  # 9pt in style.css against the built-in 7.5pt


def test_the_screen_page_opens_and_closes_with_the_banner_and_theme_notes_carry_it(banner_project):
    build_pdf(banner_project, BOTH, formats=("html",))
    banner = '<p class="banner" style="--banner-colour: #b00020; --banner-ink: #ffffff">RESTRICTED</p>'
    for page in ("weekly/2025-W42.html", "themes/sample-theme.html"):
        html = (banner_project / "out" / page).read_text()
        body = html.split("<body", 1)[1]
        assert body.split(">", 1)[1].lstrip().startswith(
            f'<div class="banner-top" role="region" aria-label="Marking">{banner}</div>'), page
        colophon = body.split('<footer class="colophon">', 1)[1].split("</footer>")[0]
        assert colophon.rstrip().endswith(f'<div class="banner-end">{banner}</div>'), page


def test_a_theme_note_has_the_banner_on_every_page(banner_project):
    build(BuildOptions(banner_project, banner_project / "out", ("pdf",), load_config(banner_project)),
          Selection(("sample-theme",), ()))
    pages = boxes(banner_project / "out/themes/sample-theme.pdf")
    assert pages and all([w for _, _, w in page].count("RESTRICTED") == 2 for page in pages)


def test_without_a_banner_the_header_and_footer_are_as_before(project):
    long_draft(project)
    write(project / "briefgen.toml", 'page_header = "Drone Desk"\n')
    pages = [lines(page) for page in boxes(build_pdf(project))]
    assert "RESTRICTED" not in " ".join(" ".join(page) for page in pages)
    assert pages[0][0] == "DRAFT — NOT CLEARED FOR RELEASE"  # the draft's mark opens the first page's text
    for number, page in enumerate(pages[1:], 2):
        assert page[0] == "Drone Desk UNCLASSIFIED — FOR PUBLIC RELEASE"
        assert page[-1] == f"UNCLASSIFIED — FOR PUBLIC RELEASE {MARK} Page {number} of {len(pages)}"


def test_extra_words_reach_templates_as_text(project):
    write(project / "briefgen.toml", '[extra]\ndesk = "Drone <Desk> & Co"\n"desk-email" = "d@example.org"\n')
    write(project / "templates/base.html", '{% extends "default/base.html" %}\n{% block footer %}'
          '<p id="desk">{{ config.extra.desk }} {{ config.extra["desk-email"] }}</p>{% endblock %}\n')
    build_pdf(project, formats=("html",))
    html = (project / "out/weekly/2025-W42.html").read_text()
    assert '<p id="desk">Drone &lt;Desk&gt; &amp; Co d@example.org</p>' in html


def test_a_misspelt_extra_word_is_an_error_naming_the_template_line(project, cli):
    write(project / "briefgen.toml", '[extra]\ndesk = "Drone Desk"\n')
    write(project / "templates/base.html", '{% extends "default/base.html" %}\n{% block footer %}\n'
          '<p>{{ config.extra.dsek }}</p>{% endblock %}\n')
    result = cli("build", "--format", "html")
    assert result.exit_code == 1
    assert "templates/base.html:3: template error:" in result.stderr and "dsek" in result.stderr
