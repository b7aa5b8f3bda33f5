"""Stage 4: Markdown becomes sanitised HTML; citations become slots."""

import pytest

from briefgen.markup import SLOT, sanitise, to_html

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
