"""Stage 4: Markdown becomes sanitised HTML; citations become slots."""

import pytest

from briefgen.render.markdown import sanitise, to_html
from briefgen.render.pieces import SLOT

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="javascript&#58;alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "[x](javascript:alert(1))",
    '<iframe src="https://example.org"></iframe>',
    "<style>body{display:none}</style>",
    '<p onclick="alert(1)" style="color:red">x</p>',
]


@pytest.mark.parametrize("markdown", HOSTILE)
def test_nothing_executable_survives(markdown):
    html = to_html(markdown, ()).lower()
    for needle in ("<script", "onerror", "onclick", "javascript", "data:text", "<iframe", "<style", "style="):
        assert needle not in html


def test_markdown_formatting_and_typography():
    html = to_html('**Bold** and "quoted" -- with [a link](https://example.org).', ())
    assert "<strong>Bold</strong>" in html
    assert "“quoted”" in html and "–" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">a link</a>' in html


def test_citations_become_numbered_slots():
    text = "First [@a] then [@b]."
    html = to_html(text, ((6, 10), (16, 20)))
    assert [int(m.group(1)) for m in SLOT.finditer(html)] == [0, 1]
    assert "@" not in html


def test_sanitise_keeps_tables():
    assert "<table>" in sanitise("<table><tr><td>1</td></tr></table>")


# -- plain prose skips Python-Markdown, with the same result ------------------------------------

PLAIN = [
    "The ministry announced ten export centres.",
    "Zelensky’s “controlled export” mechanism opens in 2026; sales are due (at last) this month.",
    "More than 40% of the drones—about 3,500 a month—are built in Ukraine: so says the minister!",
    "Is it 20–30 km? Nobody says… yet. Costs: €1.2 bn, $500 m or £3 m, at 45° north/south.",
    "A co-production line \ue0000\ue001 and a second source\ue0001\ue001.",
    "Déjà vu à Kyïv: l’équipe ukrainienne à Paris.",
    "2025 was the year of the deal.",
    "Ends with a newline from a folded YAML block.\n",
]

NOT_PLAIN = [
    "Straight 'single' quotes", 'Straight "double" quotes', "A dash -- here", "Wait...",
    "- a list item", "1. a numbered item", "2025) a numbered item", ": a definition", "    indented code",
    " a leading space", "a trailing break  ", "two\nlines", "*emphasis*", "snake_case_name", "a & b",
    "<b>bold</b>", "[a link](https://example.org)", "#heading", "a | table", "back\\slash", "`code`",
    "a + b", "x = y", "~strike~", "100 > 99",
]


def _through_markdown(source: str) -> str:
    from briefgen.render.markdown import _new_converter

    return sanitise(_new_converter("en").convert(source))


@pytest.mark.parametrize("source", PLAIN)
def test_plain_prose_skips_markdown_and_renders_the_same(source):
    from briefgen.render.markdown import _plain_paragraph

    assert _plain_paragraph(source) is not None
    assert to_html(source, ()) == _through_markdown(source)


@pytest.mark.parametrize("source", NOT_PLAIN)
def test_text_that_markdown_could_change_goes_through_markdown(source):
    from briefgen.render.markdown import _plain_paragraph

    assert _plain_paragraph(source) is None


def test_every_sample_text_renders_as_markdown_renders_it():
    """Every text of the curated briefs, plain or not, gives the HTML Python-Markdown gives."""
    from pathlib import Path

    from briefgen.content.model import texts_in
    from briefgen.content.project import load_project, select
    from briefgen.errors import Diagnostics
    from briefgen.render.pieces import SLOT_CLOSE, SLOT_OPEN

    root = Path(__file__).parent.parent.parent
    texts = list(texts_in(load_project(root, select(root, [], Diagnostics()))))
    plain = 0
    for text in texts:
        spans = tuple((c.start, c.end) for c in text.citations)
        source, last = "", 0
        for index, (start, end) in enumerate(spans):
            source += text.markdown[last:start] + f"{SLOT_OPEN}{index}{SLOT_CLOSE}"
            last = end
        source += text.markdown[last:]
        assert to_html(text.markdown, spans) == _through_markdown(source), text.location
        plain += _plain_paragraph_of(source)
    assert len(texts) > 100 and plain > len(texts) // 2  # most of a brief takes the short way


def _plain_paragraph_of(source: str) -> bool:
    from briefgen.render.markdown import _plain_paragraph

    return _plain_paragraph(source) is not None
