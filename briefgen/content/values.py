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
        """Where the ``length`` characters at ``offset`` of the Markdown stand in the file."""
        return self.places_of([(offset, length)])[0]

    def places_of(self, spans: list[tuple[int, int]]) -> list[Location]:
        """Where each (offset, length) span of the Markdown stands in the file, in the order
        given: the same words, in the same order, in the scalar as the file writes it (folding
        and escapes move offsets). One sweep of the scalar for all of them; a span the file
        writes otherwise stands at the scalar's start."""
        raw, places = self.raw.lower(), {}
        cursor = line = 0      # where the sweep stands in the raw scalar, and its line (from 0)
        line_start = -1        # the offset of the last line break before the cursor
        for offset, length in sorted(set(spans)):
            index = raw.find(self.markdown[offset:offset + length].lower(), cursor)
            if index < 0:
                places[(offset, length)] = self.location
                continue
            breaks = self.raw.count("\n", cursor, index)
            if breaks:
                line, line_start = line + breaks, self.raw.rfind("\n", cursor, index)
            cursor = index + 1
            col = self.location.col + index if not line else index - line_start
            places[(offset, length)] = Location(self.location.path, self.location.line + line, col)
        return [places[span] for span in spans]


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
