"""Pandoc citation syntax: parse ``[@key]``, ``[see @a, p. 4; -@b]`` and number sources.

Parsing happens during validation (so unknown keys are located errors); numbering
happens per document while it renders, in order of first citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefgen.content.values import Citation, CiteItem

if TYPE_CHECKING:
    from briefgen.content.model import Source

# Keys start with a letter, digit or underscore; punctuation is allowed inside a key only
# when a word character follows it (so "[@a.]" cites "a").
KEY = r"[\w](?:\w|[:.#$%&\-+?<>~/](?=\w))*"
_ITEM = re.compile(rf"^(?P<prefix>(?:.*\s)?)(?P<minus>-?)@(?P<key>{KEY})(?P<suffix>.*)$", re.S)
_GROUP = re.compile(r"\[(?P<body>[^\[\]]*)\](?![(\[])")
_MARK = re.compile(r"(?:^|[\s;\-])@")  # where a citation's "@" would stand: "[@", "[see @", "; @", "-@"
_TICKS = re.compile(r"`+")


_UNOPENED = re.compile(r"(?<![\w@\[])@[A-Za-z0-9_][^\s\[\];,@]*\]")  # "@key]": its "[" is missing


@dataclass(frozen=True)
class ParsedCitation:
    """A citation found in a string, before it is tied to a file location."""

    items: tuple[tuple[str, str, str, bool, int], ...]  # key, prefix, suffix, minus, offset of "@"
    start: int
    end: int


def find_citations(text: str) -> list[ParsedCitation]:
    """Every bracketed citation in ``text``, outside code spans, in order."""
    return scan_citations(text)[0]


def scan_citations(text: str) -> tuple[list[ParsedCitation], list[tuple[int, int]]]:
    """The citations of ``text`` outside code spans, and the spans of the brackets that look
    like a citation but are not one (``[@]``, ``[@ key]``, ``[@@key]``, ``[@../x]``): an
    ``@`` where a key would start, with no valid key after it. One pass, linear in the text."""
    code = _code_spans(text)
    found, malformed, span, groups = [], [], 0, []
    for match in _GROUP.finditer(text):
        body = match.group("body")
        groups.append(match.span())
        if "@" not in body:
            continue
        while span < len(code) and code[span][1] <= match.start():
            span += 1
        if span < len(code) and code[span][0] <= match.start():
            continue
        parsed = _parse_group(body, match.start("body"))
        if parsed:
            found.append(ParsedCitation(tuple(parsed), match.start(), match.end()))
        elif _MARK.search(body):
            malformed.append(match.span())
    return found, sorted(malformed + _unopened(text, groups, code))


def _unopened(text: str, groups: list[tuple[int, int]], code: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``@key]`` with its opening bracket missing, outside every bracket group and code span:
    it would print as it is written."""
    if "]" not in text:
        return []
    spans = sorted(groups + code)
    found, index = [], 0
    for match in _UNOPENED.finditer(text):
        while index < len(spans) and spans[index][1] <= match.start():
            index += 1
        if index < len(spans) and spans[index][0] <= match.start():
            continue
        found.append(match.span())
    return found


def _code_spans(text: str) -> list[tuple[int, int]]:
    """The code spans of ``text``, in order: a run of backticks up to the next run of the same
    length, as Markdown reads them. Each run is looked at once."""
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text)] if "`" in text else []
    later: dict[int, list[int]] = {}  # run length → indexes of the runs of that length, last first
    for index in range(len(runs) - 1, -1, -1):
        later.setdefault(runs[index][1] - runs[index][0], []).append(index)
    spans, index = [], 0
    while index < len(runs):
        start, end = runs[index]
        same = later[end - start]
        while same and same[-1] <= index:
            same.pop()
        if not same:
            index += 1
            continue
        closing = same.pop()
        spans.append((start, runs[closing][1]))
        index = closing + 1
    return spans


def _parse_group(body: str, offset: int) -> list[tuple[str, str, str, bool, int]] | None:
    items = []
    position = offset
    for part in body.split(";"):
        match = _ITEM.match(part)
        if not match:
            return None
        items.append((
            match.group("key"),
            match.group("prefix").strip(),
            match.group("suffix").strip(),
            bool(match.group("minus")),
            position + match.start("minus") + len(match.group("minus")),
        ))
        position += len(part) + 1
    return items


def parse_reference(text: str) -> list[ParsedCitation]:
    """A ``cite:`` field: Pandoc syntax, or a bare ``@key`` / ``key`` for convenience."""
    stripped = text.strip()
    if not stripped.startswith("["):
        stripped = "[" + (stripped if stripped.startswith("@") else "@" + stripped) + "]"
    return find_citations(stripped)


def make_citation(parsed: ParsedCitation, locate) -> Citation:
    """Tie a parsed citation to the file: ``locate(offset)`` gives each key's Location."""
    items = []
    for key, prefix, suffix, minus, at in parsed.items:
        locator, rest = "", suffix
        if suffix.startswith(","):
            locator, rest = suffix[1:].strip(), ""
        items.append(CiteItem(key, locate(at), prefix, locator, rest, minus))
    return Citation(tuple(items), parsed.start, parsed.end)


@dataclass
class Numbering:
    """Source numbers for one document, given in order of first citation."""

    sources: dict[str, Source]
    order: list[str] = field(default_factory=list)

    def number(self, key: str) -> int:
        """The number of ``key``'s source, assigning the next one on first use."""
        if key not in self.order:
            self.order.append(key)
        return self.order.index(key) + 1

    def cited(self) -> list[tuple[int, Source]]:
        """The cited sources with their numbers, in order."""
        return [(i, self.sources[key]) for i, key in enumerate(self.order, start=1)]
