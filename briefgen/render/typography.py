"""Typographic conventions that depend on the language, applied to finished HTML.

French sets a narrow no-break space before ; ! ? and inside « », and a no-break space
before a colon; a date that opens a sentence starts with a capital ("Numerama. Novembre
2025.", where a citation style writes the date words after a full stop). Only text is
touched: never tags, attribute values, entities, or the contents of ``code``, ``pre``,
``script`` and ``style``; text inside an element of another language (``lang="en"``)
follows that language's conventions.
"""

from __future__ import annotations

import re

from briefgen.render.pieces import tags_and_text

NNBSP = "\u202f"  # narrow no-break space
NBSP = "\u00a0"   # no-break space

_ENTITY = re.compile(r"(&#?\w+;)")
_RAW = ("code", "pre", "script", "style")


# A French month that opens a sentence: after a full stop, question or exclamation mark that
# ends a word, a bracket or a quotation, and one space.
_SENTENCE_DATE = re.compile(r"(?<=[\w\])»”’][.!?][ \u00a0])(?:janvier|février|mars|avril|mai|juin|juillet|août|"
                            r"septembre|octobre|novembre|décembre)\b")
_CONTEXT = 3  # characters of text kept across tags, to see a sentence end before an element

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_URL = re.compile(r"(\b(?:https?|ftp)://\S+|\bwww\.\S+)")


def apply(html: str, lang: str) -> str:
    """``html`` with the typography of ``lang`` (only French has rules so far).

    An element with its own ``lang`` (a title in English inside a French brief) keeps its
    language's conventions, and URLs are left as they are.
    """
    if _base(lang) != "fr":
        return html
    pieces = []
    stack: list[tuple[str, bool]] = [("", True)]  # (element, French rules apply inside it)
    before = ""  # the end of the French text so far, across tags: "]. " before <time>novembre…
    for piece in tags_and_text(html):
        if piece.startswith("<"):
            _track(piece, stack)
            pieces.append(piece)
        elif not piece or not stack[-1][1]:
            pieces.append(piece)
            before = ""
        else:
            piece = _capitalised_dates(before, piece)
            before = (before + piece)[-_CONTEXT:]
            pieces.append("".join(p if _ENTITY.fullmatch(p) or _URL.fullmatch(p) else french(p)
                                  for chunk in _ENTITY.split(piece) for p in _URL.split(chunk)))
    return "".join(pieces)


def _capitalised_dates(before: str, text: str) -> str:
    """``text`` with a date word that opens a sentence capitalised; ``before`` is the text that
    precedes it (across tags)."""
    if not _SENTENCE_DATE.search(before + text):
        return text
    joined = _SENTENCE_DATE.sub(lambda m: m.group(0)[0].upper() + m.group(0)[1:], before + text)
    return joined[len(before):]


def _base(lang: str) -> str:
    return lang.split("-")[0].lower()


def _track(tag: str, stack: list[tuple[str, bool]]) -> None:
    """Follow which element the text is in, and whether French rules apply there."""
    match = re.match(r"<(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)", tag)
    if not match or tag.startswith("<!"):
        return
    closing, name = match.group(1) == "/", match.group(2).lower()
    if closing:
        for depth in range(len(stack) - 1, 0, -1):
            if stack[depth][0] == name:
                del stack[depth:]
                break
        return
    if name in _VOID or tag.endswith("/>"):
        return
    lang = re.search(r"\slang=[\"']?([\w-]+)", tag)
    french_here = _base(lang.group(1)) == "fr" if lang else stack[-1][1]
    stack.append((name, french_here and name not in _RAW))


def french(text: str) -> str:
    """French spacing in plain text."""
    text = re.sub(r"(?<=[^\s;!?:\u202f\u00a0])[ \u00a0\u202f]?([;!?])", NNBSP + r"\1", text)
    text = re.sub(r"(?<=[^\s\d:/\u00a0\u202f])[ \u00a0\u202f]?:(?=\s|$)", NBSP + ":", text)
    text = re.sub(r"«[ \u00a0\u202f]?", "«" + NNBSP, text)
    text = re.sub(r"[ \u00a0\u202f]?»", NNBSP + "»", text)
    return text
