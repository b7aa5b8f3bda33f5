"""Key judgements in PDF and HTML: statement, likelihood with its range, confidence apart,
basis cited; the yardstick annex when, and only when, a judgement is stated."""

import re

import pytest

from briefgen.content.config import load_config
from briefgen.content.project import Selection
from briefgen.output.build import BuildOptions, build
from tests.conftest import pdftotext, write

BOTH = Selection(("sample-theme",), ("2025-W42",))
ANNEX = "How to read the judgements"


def words(text: str) -> str:
    """``text`` with runs of ASCII white space made one space (no-break spaces are kept)."""
    return re.sub(r"[ \t\r\n\f]+", " ", text).strip()


def text_of(html: str) -> str:
    return words(re.sub(r"<[^>]+>", " ", html))


def pdf_text(path) -> str:
    return words(pdftotext(path).replace("\u2010\n", ""))


def build_both(project):
    build(BuildOptions(project, project / "out", ("html", "pdf"), load_config(project)), BOTH)
    return project / "out"


def brief_judgement(project, likelihood="realistic possibility"):
    brief = project / "briefs/weekly/2025-W42.yaml"
    brief.write_text(brief.read_text().replace("themes:\n", (
        "judgements:\n  - id: kj-orders\n    statement: Orders will outrun what the army needs.\n"
        f"    likelihood: {likelihood}\n    confidence: moderate\n    basis: \"[@beta]\"\nthemes:\n"), 1))


def test_the_theme_note_states_its_judgement_and_ends_with_the_annex(project):
    out = build_both(project)
    for text in (text_of((out / "themes/sample-theme.html").read_text()), pdf_text(out / "themes/sample-theme.pdf")):
        assert "Key judgements" in text and "Production will keep growing through 2026." in text
        assert "Likelihood: Likely (≈55–75%)" in text and "Confidence: Low" in text
        assert text.index("Key judgements") < text.index("Key points")
        assert ANNEX in text and text.rindex(ANNEX) > text.rindex("Sources")  # it ends the document
        assert "Realistic possibility ≈40–50%" in text and "Moderate confidence" in text


def test_a_brief_without_judgements_has_no_block_and_no_annex(project):
    out = build_both(project)
    for text in (text_of((out / "weekly/2025-W42.html").read_text()), pdf_text(out / "weekly/2025-W42.pdf")):
        assert "Key judgements" not in text and ANNEX not in text


def test_a_brief_states_its_judgements_after_the_bottom_line(project):
    brief_judgement(project)
    out = build_both(project)
    html = (out / "weekly/2025-W42.html").read_text()
    block = html.split('<section class="key-judgements"', 1)[1].split("</section>", 1)[0]
    assert 'id="judgement-kj-orders"' in block and 'class="cite-ref"' in block  # the basis is cited
    for text in (text_of(html), pdf_text(out / "weekly/2025-W42.pdf")):
        assert text.index("cites gamma first") < text.index("Key judgements") < text.index("Sample theme about drones")
        assert "Likelihood: Realistic possibility (≈40–50%)" in text and "Confidence: Moderate" in text
        assert ANNEX in text


def test_likelihood_and_confidence_never_share_a_sentence(project):
    brief_judgement(project)
    html = (build_both(project) / "weekly/2025-W42.html").read_text()
    item = re.search(r'<li class="judgement" id="judgement-kj-orders">(.*?)</li>', html, re.S).group(1)
    statement, grade = item.split("<br>")
    assert "Orders will outrun" in statement and "Likelihood" not in statement
    assert re.findall(r'<span class="label">(.*?)</span>', grade) == ["Likelihood:", "Confidence:", "Basis:"]


def test_icd_203_and_a_custom_scale_from_the_config(project):
    write(project / "briefgen.toml", 'yardstick = "icd203"\n')
    brief_judgement(project, likelihood="roughly even odds")
    text = text_of((build_both(project) / "weekly/2025-W42.html").read_text())
    assert "Roughly even chance (45–55%)" in text and "Intelligence Community Directive 203" in text
    write(project / "briefgen.toml", '[yardstick]\n"toss-up" = [40, 60]\n"good bet" = [60, 90]\n')
    brief = project / "briefs/weekly/2025-W42.yaml"
    brief.write_text(brief.read_text().replace("likelihood: roughly even odds", "likelihood: good bet"))
    theme = project / "briefs/themes/sample-theme.yaml"
    theme.write_text(theme.read_text().replace("likelihood: likely", "likelihood: toss-up"))
    text = text_of((build_both(project) / "weekly/2025-W42.html").read_text())
    assert "Good bet (60–90%)" in text and "organisation’s own likelihood scale" in text


@pytest.mark.parametrize("scale", ['yardstick = "nato"', '[yardstick]\nlikely = [80, 20]'])
def test_a_bad_yardstick_is_a_located_config_error(project, cli, scale):
    write(project / "briefgen.toml", scale + "\n")
    result = cli("check")
    assert result.exit_code == 1
    assert re.match(r"briefgen.toml:\d+:\d+: error: 'yardstick' must be \"phia\", \"icd203\" or a \[yardstick\] table",
                    result.stderr)


def test_french_judgements(project):
    brief_judgement(project)
    brief = project / "briefs/weekly/2025-W42.yaml"
    brief.write_text(brief.read_text().replace("lang: en", "lang: fr"))
    text = text_of((build_both(project) / "weekly/2025-W42.html").read_text())
    assert "Jugements clés" in text and "Possibilité réaliste (≈40–50\u202f%)" in text
    assert "Confiance\u00a0: Modérée" in text and "Comment lire les jugements" in text
