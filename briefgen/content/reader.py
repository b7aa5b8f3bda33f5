"""Reading located YAML nodes into typed values, with located errors.

A ``Reader`` serves one content file: it reads a node as a string, a date, a week, a
language tag or Markdown text with its citations, and records a located error for anything
else. Validation goes on after an error, so that one run reports them all. Which fields a
record has, and which of these readers each uses, is declared once in
``briefgen.content.model`` (see ``briefgen.content.fields``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from briefgen.content import citations
from briefgen.content.load import LoadedFile, Mapping, Node, Scalar, Sequence
from briefgen.content.locate import Locator
from briefgen.content.policy import MAX_MARKDOWN_CHARS, MAX_TEXT_CHARS
from briefgen.content.values import IsoWeek, PartialDate, Text
from briefgen.errors import Diagnostics, Location, suggest

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SOURCE_ID = re.compile(r"^[\w](?:\w|[:.#$%&\-+?<>~/](?=\w))*$")
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def is_absent(node: Node | None) -> bool:
    """Whether a field is absent: no node, or a null (``key:``, ``~``, ``null``)."""
    return node is None or (isinstance(node, Scalar) and node.is_null)


class Reader:
    """Reads one content file's nodes into typed values, recording located errors.

    ``known_sources`` are the citation keys a text may cite and ``known_themes`` the theme
    ids a weekly brief may name.
    """

    def __init__(self, file: LoadedFile, diagnostics: Diagnostics, known_sources: Iterable[str] = (),
                 known_themes: Iterable[str] = ()):
        self.file = file
        self.diagnostics = diagnostics
        self.known_sources = set(known_sources)
        self.known_themes = set(known_themes)
        self.markdown_chars = 0  # of this file's Markdown fields so far (MAX_MARKDOWN_CHARS)

    def error(self, where: Location, message: str) -> None:
        self.diagnostics.error(where, message)

    # -- structure -----------------------------------------------------------------------

    def mapping(self, node: Node | None, what: str, fields: tuple[str, ...], required: tuple[str, ...]
                ) -> Mapping | None:
        """``node`` if it is a mapping with only ``fields`` and all of ``required``; else None."""
        if not isinstance(node, Mapping):
            where = node.location if node is not None else Location(self.file.path, 1, 1)
            self.error(where, f"{what} must be a mapping")
            return None
        for key, key_node in node.keys.items():
            if key not in fields:
                self.error(key_node.location, f"unknown field {key!r} in {what}{suggest(key, fields)}")
        for key in required:
            if is_absent(node.values.get(key)):
                self.error(node.location, f"{what} is missing required field {key!r}")
        return node

    def items(self, node: Node, key: str) -> tuple[Node, ...] | None:
        """The items of a list field; None (with an error) when it is not a list."""
        if not isinstance(node, Sequence):
            self.error(node.location, f"{key!r} must be a list")
            return None
        return node.items

    def scalar(self, node: Node, key: str) -> Scalar | None:
        """``node`` if it is a single value; a list or mapping there is an error."""
        if not isinstance(node, Scalar):
            self.error(node.location, f"{key!r} must be a single value, not a list or mapping")
            return None
        return node

    # -- typed values ----------------------------------------------------------------------

    def integer(self, node: Node, key: str) -> int | None:
        scalar = self.scalar(node, key)
        if scalar is None:
            return None
        if not re.fullmatch(r"\d{1,9}", scalar.value.strip()):
            self.error(scalar.location, f"{key!r} must be a whole number, not {scalar.value!r}")
            return None
        return int(scalar.value)

    def partial_date(self, node: Node, key: str) -> PartialDate | None:
        """``2025-10-17``, ``2025-10`` or ``2025``, or CSL's ``{date-parts: [[2025, 10, 17]]}``."""
        if isinstance(node, Mapping) and set(node.values) == {"date-parts"}:
            return self._date_parts(node.values["date-parts"], key)
        if not isinstance(node, Scalar):
            self.error(node.location, f"{key!r} must be a date such as 2025-10-17, 2025-10 or 2025")
            return None
        match = DATE.match(node.value.strip())
        if not match:
            self.error(node.location, f"{key!r} must be a date such as 2025-10-17, 2025-10 or 2025, "
                                      f"not {node.value!r}")
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        return self._checked_date(node.location, key, year, month, day)

    def _date_parts(self, node: Node, key: str) -> PartialDate | None:
        parts = node.items[0] if isinstance(node, Sequence) and node.items else None
        values = parts.items if isinstance(parts, Sequence) else ()
        if not 1 <= len(values) <= 3 or not all(isinstance(v, Scalar) and v.value.isdigit() for v in values):
            self.error(node.location, f"{key!r} date-parts must look like [[2025, 10, 17]]")
            return None
        numbers = [int(v.value) for v in values] + [None, None]
        return self._checked_date(node.location, key, numbers[0], numbers[1], numbers[2])

    def _checked_date(self, where: Location, key: str, year, month, day) -> PartialDate | None:
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            self.error(where, f"{key!r} is not a real date: {PartialDate(year, month, day)}")
            return None
        return PartialDate(year, month, day)

    def full_date(self, node: Node, key: str) -> dt.date | None:
        value = self.partial_date(node, key)
        if value is not None and not value.is_full:
            self.error(node.location, f"{key!r} must give the day: YYYY-MM-DD")
            return None
        return value.as_date() if value else None

    def week(self, node: Node, key: str) -> IsoWeek | None:
        scalar = self.scalar(node, key)
        if scalar is None:
            return None
        match = WEEK.match(scalar.value.strip())
        if not match:
            self.error(scalar.location, f"{key!r} must be an ISO week such as 2025-W44, not {scalar.value!r}")
            return None
        year, week = int(match.group(1)), int(match.group(2))
        try:
            dt.date.fromisocalendar(year, week, 1)
        except ValueError:
            self.error(scalar.location, f"{key!r}: {year} has no week {week}")
            return None
        return IsoWeek(year, week)

    def language(self, node: Node, key: str) -> str | None:
        scalar = self.scalar(node, key)
        if scalar is None:
            return None
        if not LANG.match(scalar.value.strip()):
            self.error(scalar.location, f"{key!r} must be a language tag such as en or fr, not {scalar.value!r}")
            return None
        return scalar.value.strip()

    def within_limit(self, node: Scalar, key: str) -> bool:
        """Whether a text field is no longer than ``MAX_TEXT_CHARS`` (an error otherwise)."""
        if len(node.value) <= MAX_TEXT_CHARS:
            return True
        self.error(node.location, f"{key!r} is {len(node.value):,} characters long; a text may have at most "
                                  f"{MAX_TEXT_CHARS:,} (split it, or move detail to a source)")
        return False

    def text(self, node: Node, key: str) -> Text | None:
        """Markdown text with its citations parsed and checked against the bibliography; a
        bracket that looks like a citation and is not one is an error."""
        if not isinstance(node, Scalar):
            self.error(node.location, f"{key!r} must be text, not a list or mapping")
            return None
        if not self.within_limit(node, key):
            return None
        self.markdown_chars += len(node.value)
        if self.markdown_chars > MAX_MARKDOWN_CHARS:  # reported once; the rest is not read
            if self.markdown_chars - len(node.value) <= MAX_MARKDOWN_CHARS:
                self.error(node.location, f"the Markdown of this file passes {MAX_MARKDOWN_CHARS:,} characters in "
                                          f"all here, at {key!r}: split the file")
            return None
        found, malformed = citations.scan_citations(node.value)
        locator = Locator(self.file.text, node, node.value)
        for start, end in malformed:
            written = node.value[start:end]
            if not written.startswith("["):  # "@key]": it would print as written
                self.error(locator.fragment(written), f"citation {written!r} has no opening bracket: write "
                                                      f"[{written}")
                continue
            self.error(locator.fragment(written),
                       f"malformed citation {written!r}: a citation is [@key], [@key, p. 4] or "
                       f"[@a; @b], where a key starts with a letter, digit or underscore")
        return self._text(node, key, node.value, found, locator)

    def reference(self, node: Node, key: str) -> Text | None:
        """A ``cite:`` field: one citation in Pandoc syntax (or a bare ``@key`` or ``key``)."""
        if not isinstance(node, Scalar):
            self.error(node.location, f"{key!r} must be a citation such as [@source-id]")
            return None
        found = citations.parse_reference(node.value)
        if not found:
            self.error(node.location, f"{key!r} must be a citation such as [@source-id], not {node.value!r}")
            return None
        markdown = node.value.strip()
        if not markdown.startswith("["):
            markdown = "[" + (markdown if markdown.startswith("@") else "@" + markdown) + "]"
        return self._text(node, key, markdown, found, Locator(self.file.text, node, markdown))

    def _text(self, node: Scalar, key: str, value: str, found, locator: Locator) -> Text:
        cites = tuple(citations.make_citation(parsed, locator.key) for parsed in found)
        for citation in cites:
            for item in citation.items:
                if item.key not in self.known_sources:
                    hint = suggest(item.key, self.known_sources)
                    self.error(item.location, f"unknown citation key '@{item.key}'{hint}")
        return Text(value, node.location, cites, raw=self.file.text[node.start:node.end], field_name=key)
