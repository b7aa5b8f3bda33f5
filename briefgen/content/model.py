"""The content model: plain, immutable data passed from validation to rendering."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from briefgen.errors import Location

NOWHERE = Location("")  # the location of a value made by briefgen, not read from a file


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

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(item.key for c in self.citations for item in c.items)


@dataclass(frozen=True)
class Name:
    """A CSL name: a person (family, given) or an organisation (literal)."""

    family: str = ""
    given: str = ""
    literal: str = ""

    def __str__(self) -> str:
        if self.literal:
            return self.literal
        return " ".join(part for part in (self.given, self.family) if part)


@dataclass(frozen=True)
class Source:
    """One bibliography entry, a CSL item."""

    id: str
    type: str
    title: str
    location: Location
    author: tuple[Name, ...] = ()
    container_title: str = ""
    publisher: str = ""
    issued: PartialDate | None = None
    accessed: PartialDate | None = None
    url: str = ""
    language: str = ""
    note: str = ""
    genre: str = ""
    medium: str = ""
    title_short: str = ""
    abstract: str = ""
    translated_title: str = ""  # the title in the brief's language, for a foreign-language source
    section: str = ""           # a newspaper section or a broadcast programme
    number: str = ""            # a report or press-release number


@dataclass(frozen=True)
class TimelineEntry:
    date: PartialDate
    text: Text
    when: str = ""  # display wording for an approximate date, e.g. "mid-February 2026"
    week: IsoWeek | None = None  # files an approximate date under a weekly brief
    location: Location = NOWHERE
    label: str = ""  # a few words for the timeline graphic; "" means the start of ``text``

    def before(self, week: IsoWeek) -> bool:
        """Whether this entry certainly happened before ``week`` began."""
        if self.week is not None:
            return self.week < week
        monday = week.monday
        return self.date.sort_key < (monday.year, monday.month, monday.day) and (
            self.date.is_full or self.date.sort_key[:2] < (monday.year, monday.month))

    def falls_in(self, week: IsoWeek) -> bool:
        """Whether this entry belongs to ``week``'s "This week" section."""
        if self.week is not None:
            return self.week == week
        return self._iso_week == (week.year, week.week)

    @cached_property
    def _iso_week(self) -> tuple[int, int] | None:
        """(year, week) of the entry's day; None when the day is not known. Every weekly
        brief asks this of every entry of its themes."""
        day = self.date.as_date()
        return tuple(day.isocalendar())[:2] if day is not None else None


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    cite: Text | None
    as_of: PartialDate | None = None
    location: Location = NOWHERE


@dataclass(frozen=True)
class ChartPoint:
    """One value of a chart: a bar, or a point on a line."""

    label: str
    value: float
    to: float | None = None  # the top of a range (``value`` is its bottom), e.g. 300,000 to 400,000
    text: str = ""           # the value as the source words it ("more than 40%"); "" means the number
    location: Location = NOWHERE


@dataclass(frozen=True)
class ChartSeries:
    """A named run of points; a chart declared with ``data`` has one series with no name."""

    name: str
    points: tuple[ChartPoint, ...]
    location: Location = NOWHERE

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(point.label for point in self.points)


@dataclass(frozen=True)
class ChartTarget:
    """A reference value drawn across the chart: a goal, a threshold."""

    value: float
    label: str = ""
    text: str = ""


CHART_TYPES = ("bar", "line", "comparison")


@dataclass(frozen=True)
class Chart:
    """A chart declared in a theme: see docs/charts.md for the grammar."""

    type: str  # one of CHART_TYPES
    title: str
    alt: str   # the text alternative: what the chart shows, in words
    cite: Text | None
    series: tuple[ChartSeries, ...]
    unit: str = ""  # what the values count; "%" makes them percentages
    note: str = ""  # a caveat printed under the chart ("no period stated")
    as_of: PartialDate | None = None
    target: ChartTarget | None = None
    max: float | None = None  # the top of the value axis (e.g. 100 for percentages)
    location: Location = NOWHERE


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str
    cite: Text | None
    role: str = ""
    original: str = ""
    location: Location = NOWHERE


@dataclass(frozen=True)
class Theme:
    """One curated theme, from ``briefs/themes/<id>.yaml``."""

    id: str
    path: str
    title: str
    summary: Text
    lang: str = ""  # "" means the project's default language
    status: str = ""
    updated: PartialDate | None = None
    tags: tuple[str, ...] = ()
    key_points: tuple[Text, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    assessment: Text | None = None
    open_questions: tuple[Text, ...] = ()
    updated_location: Location = NOWHERE
    charts: tuple[Chart, ...] = ()

    def entries_in(self, week: IsoWeek) -> tuple[TimelineEntry, ...]:
        """Timeline entries that belong to ``week``."""
        return tuple(entry for entry in self.timeline if entry.falls_in(week))


@dataclass(frozen=True)
class ThemeRef:
    """A theme named by a weekly brief, with the editor's optional note."""

    id: str
    location: Location
    note: Text | None = None


@dataclass(frozen=True)
class WeeklyBrief:
    """One weekly brief, from ``briefs/weekly/<YYYY>-W<ww>.yaml``."""

    id: str
    path: str
    number: int
    week: IsoWeek
    date: dt.date
    title: str
    bluf: Text
    themes: tuple[ThemeRef, ...]
    handling: str = ""
    authors: tuple[str, ...] = ()
    lang: str = ""  # "" means the project's default language


@dataclass(frozen=True)
class Project:
    """Everything validated for one run: the bibliography, themes and weekly briefs."""

    root: str
    sources: dict[str, Source] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    weekly: dict[str, WeeklyBrief] = field(default_factory=dict)
    complete: bool = False  # every document of the project was loaded, not a selection


def texts_in(value: object) -> Iterator[Text]:
    """Every ``Text`` inside a model value (a project, a theme, a brief), each once."""
    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, Text):
            yield item
        elif dataclasses.is_dataclass(item):
            stack.extend(getattr(item, f.name) for f in reversed(dataclasses.fields(item)))
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
