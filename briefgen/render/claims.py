"""Claims: what each citation supports, recorded as the citation is made.

The site's Sources page lists, for every source, the claims that rest on it and links to
each one. When the Sources list of a document is rendered, every citation marker is made
by the ``Citer``; it records a ``Claim`` there and then: the source, the marker's id, the
sentence the citation belongs to (or the figure, quotation or chart it supports) and the
section it stands in, from the view the text belongs to (a ``Frame``).
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

from briefgen.render.pieces import BLOCK_END, SLOT, tags_text_and_slots

MAX_CLAIM = 280

_TAG = re.compile(r"<[^>]*>")
_HEADING_OPEN = re.compile(r"<h[3-6]\b", re.I)
_HEADING_CLOSE = re.compile(r"</h[3-6]\b", re.I)
_SENTENCE_END = re.compile(r"[.!?…][\"”’»)\]]*\s+(?=[\"“‘«(\[]?[A-ZÀ-ÖØ-Þ0-9])")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "nos", "p", "pp", "para", "vol", "fig", "gen", "col",
                  "lt", "sen", "rep", "gov", "pres", "prof", "vs", "cf", "e.g", "i.e", "u.s", "u.k", "u.n",
                  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "m", "mme"}


@dataclass(frozen=True)
class Frame:
    """Where a text stands in its document, for the claims its citations support.

    ``section``: the headings it sits under ("Theme", "This week"); ``anchor``: the id of its
    section, for a style whose markers carry no id; ``lead``: words the document shows
    before it (a timeline entry's date); ``whole``: the claim whatever the citation's place
    (a figure's row, a quotation, a chart's title), for ``cite:`` fields.
    """

    section: tuple[str, ...] = ()
    anchor: str = ""
    lead: str = ""
    whole: str = ""


@dataclass(frozen=True)
class Claim:
    """One citation of a source in a document."""

    key: str      # the source's citation key
    number: int   # the source's number in the document: the marker links to #ref-<number>
    marker: str   # the id the citation style may give the marker
    anchor: str   # the id of the marker's section, for a style whose markers have none
    text: str     # the sentence, figure, quotation or chart the citation supports
    section: str  # the headings it sits under, "Theme › This week"


def claims_in(frame: Frame, html_text: str) -> dict[int, tuple[str, str]]:
    """For each citation slot ``n`` of ``html_text`` (a text's HTML, its citations still
    placeholders): the claim it supports and the heading inside the text it follows ("" if
    none). The claim is the sentence the citation ends, led by the frame's ``lead`` words,
    or the frame's ``whole`` claim. One pass over the text, whatever its length."""
    found: dict[int, tuple[str, str]] = {}
    block: list[str] = []
    slots: list[tuple[int, int, str]] = []  # (slot, offset in the block, heading)
    heading, heading_parts, first = "", None, True
    for piece in tags_text_and_slots(html_text):
        if not piece:
            continue
        slot = SLOT.fullmatch(piece)
        if slot:
            slots.append((int(slot.group(1)), sum(map(len, block)), heading))
        elif not piece.startswith("<"):
            text = html.unescape(piece)
            block.append(text)
            if heading_parts is not None:
                heading_parts.append(text)
        elif _HEADING_OPEN.match(piece):
            heading_parts = []
        elif _HEADING_CLOSE.match(piece) and heading_parts is not None:
            heading, heading_parts = _squash("".join(heading_parts)), None
        if piece.startswith("<") and BLOCK_END.match(piece):
            _claims_of_block(frame, block, slots, first, found)
            block, slots, first = [], [], False
    _claims_of_block(frame, block, slots, first, found)
    return found


def _claims_of_block(frame: Frame, block: list[str], slots: list, first: bool, found: dict) -> None:
    if not slots:
        return
    text, lead = "".join(block), (frame.lead + " " if frame.lead and first else "")
    text = lead + text
    starts = _boundaries(text)
    for index, offset, heading in slots:
        claim = frame.whole or _sentence(text, starts, offset + len(lead))
        found[index] = (shorten(_squash(claim)), heading)


def plain(html_text: str) -> str:
    """Text without tags or entities."""
    return html.unescape(_TAG.sub("", html_text))


def _squash(text: str) -> str:
    text = " ".join(text.split())
    return re.sub(r"\s+([.,;:!?…)\]»”])", r"\1", text).replace("( ", "(").strip()


def _boundaries(text: str) -> list[int]:
    """Where sentences start in ``text``, abbreviations and initials excepted."""
    starts = [0]
    for match in _SENTENCE_END.finditer(text):
        window = text[max(0, match.end() - 40): match.end()]  # the word before the stop, bounded
        word = re.search(r"([\w.]+)[.!?…][\"”’»)\]]*\s*$", window)
        if word and text[match.start()] == "." and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if word and text[match.start()] == "." and len(word.group(1)) == 1:  # an initial: "A. Speaker"
            continue
        starts.append(match.end())
    return starts


def _sentence(text: str, starts: list[int], offset: int) -> str:
    """The sentence of ``text`` that a citation at ``offset`` belongs to (the one it follows)."""
    index = bisect.bisect_right(starts, offset) - 1
    while index > 0 and not text[starts[index]:offset].strip():  # a citation right after a stop
        index -= 1
    end = starts[index + 1] if index + 1 < len(starts) else len(text)
    return text[starts[index]:end]


def shorten(text: str) -> str:
    """At most ``MAX_CLAIM`` characters, cut at a word."""
    if len(text) <= MAX_CLAIM:
        return text
    return text[: MAX_CLAIM - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
