"""Stage 4 — render Markdown: content text to sanitised HTML, citations left as slots.

Citations are cut out of the Markdown before conversion and replaced by placeholder
characters from Unicode's private-use area; the sanitised HTML keeps them, and the
document stage swaps each for its numbered marker once numbering is known.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown as md
import nh3

from briefgen.model import Text

SLOT_OPEN, SLOT_CLOSE = "\ue000", "\ue001"
SLOT = re.compile(f"{SLOT_OPEN}(\\d+){SLOT_CLOSE}")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6", "hr",
    "i", "li", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


# Quotation marks for "straight" quotes, by language (French spacing is added by typography).
QUOTES = {
    "en": {"left-double-quote": "“", "right-double-quote": "”", "left-single-quote": "‘", "right-single-quote": "’"},
    "fr": {"left-double-quote": "«", "right-double-quote": "»", "left-single-quote": "‘", "right-single-quote": "’"},
}


@lru_cache(maxsize=None)
def _converter(lang: str) -> md.Markdown:
    """One Markdown converter per language, reset between texts (building one costs ~1 ms)."""
    return _new_converter(lang)


def _new_converter(lang: str) -> md.Markdown:
    quotes = QUOTES.get(lang.split("-")[0].lower(), QUOTES["en"])
    return md.Markdown(
        extensions=["abbr", "def_list", "tables", "sane_lists", "smarty"],
        extension_configs={"smarty": {"smart_angled_quotes": True, "substitutions": quotes}},
        output_format="html",
    )


@lru_cache(maxsize=4096)
def to_html(markdown: str, citation_spans: tuple[tuple[int, int], ...], lang: str = "en") -> str:
    """Markdown to sanitised HTML in ``lang``'s typography; the n-th citation span becomes slot n."""
    pieces, last = [], 0
    for index, (start, end) in enumerate(citation_spans):
        pieces.append(markdown[last:start])
        pieces.append(f"{SLOT_OPEN}{index}{SLOT_CLOSE}")
        last = end
    pieces.append(markdown[last:])
    converter = _converter(lang)
    converter.reset()
    html = converter.convert("".join(pieces))
    return sanitise(html)


def sanitise(html: str) -> str:
    """Keep only harmless markup: no scripts, styles, event handlers or unsafe URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render(text: Text, lang: str = "en") -> str:
    """``text`` as block HTML with citation slots."""
    return to_html(text.markdown, tuple((c.start, c.end) for c in text.citations), lang)


def render_inline(text: Text, lang: str = "en") -> str:
    """``text`` as inline HTML: a lone paragraph loses its ``<p>`` wrapper."""
    html = render(text, lang).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
