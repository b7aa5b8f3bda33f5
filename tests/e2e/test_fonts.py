"""An editor's own font: an @font-face rule in the project's style.css pointing under
assets/ is embedded in the PDF, copied beside the HTML pages of out/ and site/, and loaded
by a real browser."""

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.content.config import load_config
from briefgen.content.project import Selection
from briefgen.output.build import BuildOptions, build
from briefgen.site.publish import PublishOptions, publish
from tests.conftest import FIXTURES, write
from tests.e2e.test_site_in_browser import browser, open_page  # noqa: F401 — the shared Chromium fixtures

FONT = Path("/usr/share/fonts/truetype/noto/NotoSansDisplay-Italic.ttf")
STYLE = '@font-face { font-family: "House Sans"; src: url("assets/fonts/house.ttf"); }\nbody, p { font-family: "House Sans"; }\n'


@pytest.fixture(scope="module")
def styled(tmp_path_factory) -> Path:
    if not FONT.is_file():
        pytest.skip(f"{FONT} is missing: run sudo scripts/install-system-packages (fonts-noto-core)")
    root = tmp_path_factory.mktemp("fonts") / "project"
    shutil.copytree(FIXTURES / "project", root)
    (root / "assets/fonts").mkdir(parents=True)
    shutil.copy(FONT, root / "assets/fonts/house.ttf")
    write(root / "style.css", STYLE)
    build(BuildOptions(root, root / "out", ("html", "pdf"), load_config(root)), Selection((), ("2025-W42",)))
    return root


def embedded_fonts(pdf: Path) -> set[str]:
    names = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_the_pdf_embeds_the_editors_font(styled):
    assert "House-Sans-Italic" in embedded_fonts(styled / "out/weekly/2025-W42.pdf")


def test_the_pages_get_the_font_beside_them(styled):
    out = styled / "out"
    assert (out / "assets/fonts/house.ttf").read_bytes() == FONT.read_bytes()
    assert 'url("assets/fonts/house.ttf")' in (out / "style.css").read_text()
    site = styled / "site"
    publish(PublishOptions(styled, site, config=load_config(styled), pdf=False, drafts=True))
    assert (site / "assets/fonts/house.ttf").read_bytes() == FONT.read_bytes()
    assert 'url("assets/fonts/house.ttf")' in (site / "style.css").read_text()


def test_a_browser_loads_the_font(styled, open_page):  # noqa: F811
    page = open_page((styled / "out/weekly/2025-W42.html").as_uri())
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate("[...document.fonts].filter(f => f.family.includes('House Sans')).map(f => f.status)")
    assert loaded == ["loaded"]
    assert page.evaluate("document.fonts.check('16px \"House Sans\"')")
