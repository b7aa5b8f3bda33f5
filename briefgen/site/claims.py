"""Read back the citations of a rendered page: which claim each marker supports, and where it is.

The site's Sources page lists, for every source, the claims that rest on it and links to
each one. Those claims are read from the finished pages rather than the content, so they
are exactly what a reader sees, whatever the templates did: a marker is an ``<a
class="cite-ref" href="#ref-N">`` inside the citation style's ``<span class="citation">``;
its claim is the sentence (or list item, table row, quotation) around it, citations left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose text is a claim: the innermost one around a marker is taken.
CONTAINERS = {"p", "li", "tr", "figure", "dd", "dt", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "caption"}
# Containers whose claim is narrowed to the sentence that holds the marker.
PROSE = {"p", "li", "dd", "blockquote"}
SKIPPED = {"script", "style", "template"}
# Elements whose start separates words (table cells, list items, line breaks...).
BREAKS = {"td", "th", "li", "p", "div", "br", "dt", "dd", "figcaption", "blockquote", "tr", "section"}
MAX_CLAIM = 280

_REF = re.compile(r"^#ref-(\d+)$")
_SVG = re.compile(r"<svg\b.*?</svg\s*>", re.S | re.I)
_SENTENCE_END = re.compile(r"[.!?…][\"”’»)\]]*\s+(?=[\"“‘«(\[]?[A-ZÀ-ÖØ-Þ0-9])")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "nos", "p", "pp", "para", "vol", "fig", "gen", "col",
                  "lt", "sen", "rep", "gov", "pres", "prof", "vs", "cf", "e.g", "i.e", "u.s", "u.k", "u.n",
                  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "m", "mme"}


@dataclass(frozen=True)
class Claim:
    """One citation of a source on a page."""

    number: int   # the source's number on the page: the marker links to #ref-<number>
    target: str   # the id to link to: the marker's own id, else the nearest id before it
    text: str     # the sentence, list item, table row or quotation the citation supports
    section: str  # the headings it sits under, "Theme › This week"


def page_claims(html: str) -> list[Claim]:
    """Every citation marker inside the page's ``<main>``, in document order.

    Inline SVG graphics are left out: their labels and axis ticks are not claims (a chart's
    claim is its caption and source line), and they make up half of a brief's markup.
    """
    reader = _Reader()
    reader.feed(_SVG.sub("", html))
    reader.close()
    return [claim for _, claim in sorted(reader.found, key=lambda item: item[0])]


@dataclass
class _Container:
    tag: str
    text: list[str]
    markers: list[tuple[int, int, int, str, str]]  # (order, offset, number, target, section)

    @property
    def length(self) -> int:
        return sum(len(t) for t in self.text)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, Claim]] = []  # (order of the marker in the page, claim)
        self.stack: list[tuple[str, bool]] = []  # (tag, whether it opened a container)
        self.containers: list[_Container] = []
        self.quiet = 0          # inside citation markers, hidden text, scripts: text not kept
        self.quiet_tags: list[int] = []  # stack depths at which quiet regions opened
        self.main = 0
        self.last_id = ""
        self.headings = {"h2": "", "h3": ""}
        self.heading: list[str] | None = None
        self.heading_tag = ""
        self.markers = 0

    # -- structure

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if attributes.get("id"):
            self.last_id = attributes["id"]
        if tag in BREAKS and not self.quiet:
            for container in self.containers:
                container.text.append(" ")
        if tag in VOID:
            return
        opened = False
        if tag == "main":
            self.main += 1
        if self.main and tag in CONTAINERS:
            self.containers.append(_Container(tag, [], []))
            opened = True
        if tag in ("h2", "h3") and self.main:
            self.heading, self.heading_tag = [], tag
        if (tag in SKIPPED or "citation" in classes or "visually-hidden" in classes or "backlinks" in classes
                or attributes.get("aria-hidden") == "true" or "hidden" in attributes):
            self.quiet_tags.append(len(self.stack))
            self.quiet += 1
        self.stack.append((tag, opened))
        if tag == "a" and "cite-ref" in classes and self.main:
            match = _REF.match(attributes.get("href") or "")
            if match:
                self._marker(int(match.group(1)), attributes.get("id") or self.last_id)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID or not any(open_tag == tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, opened = self.stack.pop()
            if self.quiet_tags and self.quiet_tags[-1] == len(self.stack):
                self.quiet_tags.pop()
                self.quiet -= 1
            if opened:
                self._close(self.containers.pop())
            if open_tag == "main":
                self.main -= 1
            if open_tag in ("h2", "h3") and self.heading is not None and open_tag == self.heading_tag:
                text = _squash("".join(self.heading))
                if open_tag == "h2":
                    self.headings = {"h2": text, "h3": ""}
                else:
                    self.headings["h3"] = text
                self.heading = None
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.quiet:
            return
        if self.heading is not None:
            self.heading.append(data)
        for container in self.containers:
            container.text.append(data)

    # -- claims

    def _marker(self, number: int, target: str) -> None:
        section = " › ".join(h for h in (self.headings["h2"], self.headings["h3"]) if h)
        self.markers += 1
        if not self.containers:
            self.found.append((self.markers, Claim(number, target, "", section)))
            return
        container = self.containers[-1]
        container.markers.append((self.markers, container.length, number, target, section))

    def _close(self, container: _Container) -> None:
        if not container.markers:
            return
        text = "".join(container.text)
        for order, offset, number, target, section in container.markers:
            claim = _sentence(text, offset) if container.tag in PROSE else text
            self.found.append((order, Claim(number, target, _shorten(_squash(claim)), section)))


def _squash(text: str) -> str:
    text = " ".join(text.split())
    return re.sub(r"\s+([.,;:!?…)\]»”])", r"\1", text).replace("( ", "(").strip()


def _boundaries(text: str) -> list[int]:
    """Where sentences start in ``text``, abbreviations excepted."""
    starts = [0]
    for match in _SENTENCE_END.finditer(text):
        word = re.search(r"([\w.]+)[.!?…][\"”’»)\]]*\s*$", text[: match.end()])
        if word and text[match.start()] == "." and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if word and text[match.start()] == "." and len(word.group(1)) == 1:  # an initial: "A. Speaker"
            continue
        starts.append(match.end())
    return starts


def _sentence(text: str, offset: int) -> str:
    """The sentence of ``text`` that a marker at ``offset`` belongs to (the one it follows)."""
    starts = _boundaries(text)
    index = 0
    for i, start in enumerate(starts):
        if start <= offset and (i == 0 or text[start:offset].strip()):
            index = i
    begin = starts[index]
    end = starts[index + 1] if index + 1 < len(starts) else len(text)
    return text[begin:end]


def _shorten(text: str) -> str:
    if len(text) <= MAX_CLAIM:
        return text
    return text[: MAX_CLAIM - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
