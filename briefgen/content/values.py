"""The values the content's fields hold: partial dates, ISO weeks, cited Markdown text.

Records (``briefgen.content.model``) are built of these and of plain strings, numbers and
tuples. Each is immutable; none knows how it was read (``briefgen.content.fields`` does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from briefgen.errors import Location

NOWHERE = Location("")  # the location of a value briefgen made rather than read from a file


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day (``2025``, ``2025-11``, ``2025-11-03``)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def is_full(self) -> bool:
        return self.day is not None

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Orders partial dates: an unknown month or day sorts first."""
        return (self.year, self.month or 0, self.day or 0)

    def as_date(self) -> dt.date | None:
        """The calendar date, when the day is known."""
        if self.day is None or self.month is None:
            return None
        return dt.date(self.year, self.month, self.day)

    def isoformat(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def __str__(self) -> str:
        return self.isoformat()


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week such as ``2025-W44``."""

    year: int
    week: int

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"

    @cached_property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @cached_property
    def sunday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 7)

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls inside this week."""
        year, week, _ = day.isocalendar()
        return (year, week) == (self.year, self.week)


@dataclass(frozen=True)
class CiteItem:
    """One reference inside a citation: ``[see @key, p. 4]``."""

    key: str
    location: Location
    prefix: str = ""
    locator: str = ""  # a suffix that starts with a comma, e.g. "p. 4"
    suffix: str = ""
    suppress_author: bool = False


@dataclass(frozen=True)
class Citation:
    """A bracketed Pandoc citation, ``[@a; @b, p. 4]``: one or more items."""

    items: tuple[CiteItem, ...]
    start: int  # character offsets of the citation in the text that holds it
    end: int


@dataclass(frozen=True)
class Text:
    """Markdown text from the content, with its parsed citations and its origin."""

    markdown: str
    location: Location
    citations: tuple[Citation, ...] = ()
    raw: str = field(default="", compare=False, repr=False)  # the scalar as the file writes it, to locate words
    field_name: str = field(default="", compare=False)  # the YAML key it was read from, for messages

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(item.key for c in self.citations for item in c.items)

    def place_of(self, offset: int, length: int) -> Location:
        """Where the ``length`` characters at ``offset`` of the Markdown stand in the file: the
        same occurrence of the same words in the raw scalar (folding and escapes move offsets)."""
        word = self.markdown[offset:offset + length].lower()
        nth = self.markdown.lower().count(word, 0, offset)
        raw, index = self.raw.lower(), -1
        for _ in range(nth + 1):
            index = raw.find(word, index + 1)
            if index < 0:
                return self.location
        newlines = self.raw.count("\n", 0, index)
        if not newlines:
            return Location(self.location.path, self.location.line, self.location.col + index)
        return Location(self.location.path, self.location.line + newlines, index - self.raw.rfind("\n", 0, index))


@dataclass(frozen=True)
class Places:
    """Where a record's fields stand in its file: each YAML key's location and each value's.

    Checks that look at several fields at once (a brief's date inside its week, a chart's
    series) report at the very value they are about.
    """

    keys: Mapping[str, Location] = field(default_factory=dict)
    values: Mapping[str, Location] = field(default_factory=dict)

    def key(self, name: str, default: Location = NOWHERE) -> Location:
        """Where the key ``name`` stands (``default`` when the record has no such key)."""
        return self.keys.get(name, default)

    def value(self, name: str, default: Location = NOWHERE) -> Location:
        """Where the value of ``name`` starts (``default`` when the record has no such key)."""
        return self.values.get(name, default)


NO_PLACES = Places()  # a record briefgen made itself
