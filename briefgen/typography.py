"""Typographic conventions that depend on the language, applied to finished HTML.

French sets a narrow no-break space before ; ! ? and inside « », and a no-break space
before a colon. Only text is touched: never tags, attribute values, entities, or the
contents of ``code``, ``pre``, ``script`` and ``style``.
"""

from __future__ import annotations

import re

NNBSP = "\u202f"  # narrow no-break space
NBSP = "\u00a0"   # no-break space

_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_ENTITY = re.compile(r"(&#?\w+;)")
_RAW = ("code", "pre", "script", "style")


def apply(html: str, lang: str) -> str:
    """``html`` with the typography of ``lang`` (only French has rules so far)."""
    if lang.split("-")[0].lower() != "fr":
        return html
    pieces, raw_depth = [], 0
    for piece in _TAG_OR_TEXT.split(html):
        if piece.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            if name and name.group(1).lower() in _RAW:
                raw_depth += -1 if piece.startswith("</") else 1
            pieces.append(piece)
        elif raw_depth > 0 or not piece:
            pieces.append(piece)
        else:
            pieces.append("".join(p if _ENTITY.fullmatch(p) else french(p) for p in _ENTITY.split(piece)))
    return "".join(pieces)


def french(text: str) -> str:
    """French spacing in plain text."""
    text = re.sub(r"(?<=[^\s;!?:\u202f\u00a0])[ \u00a0\u202f]?([;!?])", NNBSP + r"\1", text)
    text = re.sub(r"(?<=[^\s\d:/\u00a0\u202f])[ \u00a0\u202f]?:(?=\s|$)", NBSP + ":", text)
    text = re.sub(r"«[ \u00a0\u202f]?", "«" + NNBSP, text)
    text = re.sub(r"[ \u00a0\u202f]?»", NNBSP + "»", text)
    return text
