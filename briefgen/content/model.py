"""The content model, declared once: plain, immutable records passed from reading to rendering.

Each record is a frozen dataclass. A field made with ``declared(kind, …)`` is read from
the YAML key of its name (or ``key=``), checked as its kind, described in ``briefgen
schema``, and — for sources — written back out as CSL (``briefgen.content.fields``). The
other fields (``location``, ``places``, a theme's ``id``) are briefgen's own bookkeeping.
Checks that span several fields (a brief's date inside its week, a chart's series) are in
``briefgen.content.read`` and ``briefgen.content.charts``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from briefgen.content.charts import CHART_MAX_SERIES, check_chart
from briefgen.content.fields import Nested, declared
from briefgen.content.kinds import (
    Choice,
    CitationKey,
    Count,
    Date,
    Day,
    Language,
    ListOf,
    Markdown,
    Number,
    Plain,
    Reference,
    ThemeId,
    Title,
    Url,
    Week,
)
from briefgen.content.policy import MAX_TAG_CHARS
from briefgen.content.rules import check_weekly
from briefgen.content.trust import DRAFT, Clearance, Judgement
from briefgen.content.values import NO_PLACES, NOWHERE, Citation, CiteItem, IsoWeek, PartialDate, Places, Text
from briefgen.errors import Location

__all__ = [  # the value types, for importers of the model
    "CHART_MAX_SERIES", "NOWHERE", "Citation", "CiteItem", "IsoWeek", "PartialDate", "Places", "Text",
]

STATUSES = ("active", "developing", "watching", "dormant", "closed")
SOURCE_TYPES = (
    "article", "article-journal", "article-magazine", "article-newspaper", "book", "broadcast",
    "chapter", "dataset", "document", "interview", "legislation", "manuscript", "motion_picture",
    "pamphlet", "paper-conference", "personal_communication", "post", "post-weblog", "report", "speech",
    "thesis", "webpage",
)
CHART_TYPES = ("bar", "line", "comparison")
POINTS = {"not_list": "'data' must be a list of points such as {{label: Ukraine, value: 3500000}}",
          "too_few": "'data' is empty: a chart needs at least one point"}


def bookkeeping(default=NOWHERE):
    """A field that is not read from YAML: where the record stands, and its fields' places."""
    return field(default=default, compare=False, repr=False)


# -- the bibliography ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A CSL name: a person (family, given) or an organisation (literal)."""

    WHAT: ClassVar[str] = "an author"

    family: str = declared(Plain())
    given: str = declared(Plain())
    literal: str = declared(Plain())
    suffix: str = declared(Plain())
    dropping_particle: str = declared(Plain(), key="dropping-particle")
    non_dropping_particle: str = declared(Plain(), key="non-dropping-particle")
    location: Location = bookkeeping()
    places: Places = bookkeeping(NO_PLACES)

    def __str__(self) -> str:
        if self.literal:
            return self.literal
        return " ".join(part for part in (self.given, self.family) if part)


@dataclass(frozen=True)
class Source:
    """One bibliography entry, a CSL item. The declaration order is the CSL item's key order."""

    WHAT: ClassVar[str] = "a source"

    id: str = declared(CitationKey(), required=True)
    type: str = declared(Choice(SOURCE_TYPES, "unknown CSL type {value!r}", "CSL item type"), required=True)
    title: str = declared(Plain(), required=True)
    author: tuple[Name, ...] = declared(ListOf(Nested(Name, scalar="literal")))
    container_title: str = declared(Plain(), key="container-title")
    publisher: str = declared(Plain())
    section: str = declared(Plain())  # a newspaper section or a broadcast programme
    number: str = declared(Plain())   # a report or press-release number
    genre: str = declared(Plain())
    medium: str = declared(Plain())
    url: str = declared(Url(), key="URL")
    language: str = declared(Language())
    translated_title: str = declared(Plain(), key="translated-title")  # the title in the brief's language
    title_short: str = declared(Plain(), key="title-short")
    note: str = declared(Plain())  # printed with the entry: "as reported by …"
    abstract: str = declared(Plain())
    issued: PartialDate | None = declared(Date(csl=True))
    accessed: PartialDate | None = declared(Date(csl=True))
    grade: str = declared(Plain())       # the source's grade in the project's grading scheme ("B2")
    assessment: str = declared(Plain())  # a one-line public assessment: "unnamed outlet; machine translation"
    annote: str = declared(Plain(), internal=True)  # the team's provenance notes: never shown
    location: Location = bookkeeping()
    places: Places = bookkeeping(NO_PLACES)


# -- themes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """A dated event of a theme."""

    WHAT: ClassVar[str] = "a timeline entry"

    date: PartialDate = declared(Date(), required=True)
    text: Text = declared(Markdown(), required=True)
    when: str = declared(Plain())  # display wording for an approximate date, e.g. "mid-February 2026"
    week: IsoWeek | None = declared(Week())  # files an approximate date under a weekly brief
    location: Location = bookkeeping()
    label: str = declared(Plain())  # a few words for the timeline graphic; "" means the start of ``text``
    places: Places = bookkeeping(NO_PLACES)

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
    """A key figure of a theme."""

    WHAT: ClassVar[str] = "a figure"

    label: str = declared(Plain(numbers=True), required=True)
    value: str = declared(Plain(numbers=True), required=True)
    as_of: PartialDate | None = declared(Date())
    cite: Text | None = declared(Reference())
    location: Location = bookkeeping()
    places: Places = bookkeeping(NO_PLACES)


@dataclass(frozen=True)
class Quote:
    """An attributed quotation."""

    WHAT: ClassVar[str] = "a quote"

    text: str = declared(Plain(), required=True)
    speaker: str = declared(Plain())
    role: str = declared(Plain())
    cite: Text | None = declared(Reference())
    original: str = declared(Plain())
    spoken_in: str = declared(Language())  # the speaker's language, when the source reports them in another
    location: Location = bookkeeping()
    places: Places = bookkeeping(NO_PLACES)


@dataclass(frozen=True)
class ChartPoint:
    """One value of a chart: a bar, or a point on a line."""

    WHAT: ClassVar[str] = "a chart point"

    label: str = declared(Plain(numbers=True), required=True)
    value: float = declared(Number(), required=True)
    to: float | None = declared(Number())  # the top of a range (``value`` is its bottom)
    text: str = declared(Plain(numbers=True))  # the value as the source words it ("more than 40%")
    location: Location = bookkeeping()
    places: Places = bookkeeping(NO_PLACES)


@dataclass(frozen=True)
class ChartSeries:
    """A named run of points."""

    WHAT: ClassVar[str] = "a chart series"

    name: str = declared(Plain(numbers=True), required=True)
    points: tuple[ChartPoint, ...] = declared(ListOf(Nested(ChartPoint), min_items=1, whole=True, **POINTS), key="data",
                                              required=True)
    location: Location = bookkeeping()
    places: Places = bookkeeping(NO_PLACES)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(point.label for point in self.points)


@dataclass(frozen=True)
class ChartTarget:
    """A reference value drawn across the chart: a goal, a threshold."""

    WHAT: ClassVar[str] = "a chart target"

    value: float = declared(Number(), required=True)
    label: str = declared(Plain())
    text: str = declared(Plain())
    location: Location = bookkeeping()
    places: Places = bookkeeping(NO_PLACES)


@dataclass(frozen=True)
class Chart:
    """A chart declared in a theme: see docs/charts.md for the grammar. Its values are
    ``data`` (one series) or ``series`` (several); ``series`` gives them either way."""

    WHAT: ClassVar[str] = "a chart"
    SCHEMA: ClassVar[dict] = {"oneOf": [{"required": ["data"]}, {"required": ["series"]}]}
    CHECK: ClassVar = check_chart

    type: str = declared(Choice(CHART_TYPES, "unknown chart type {value!r}: use bar, line or comparison",
                                "bar (columns), line, or comparison (horizontal bars)"), required=True)
    title: str = declared(Title(), required=True)
    unit: str = declared(Plain())  # what the values count; "%" makes them percentages
    as_of: PartialDate | None = declared(Date())
    data: tuple[ChartPoint, ...] = declared(ListOf(Nested(ChartPoint), min_items=1, whole=True, **POINTS))
    named_series: tuple[ChartSeries, ...] = declared(ListOf(
        Nested(ChartSeries), min_items=1, max_items=CHART_MAX_SERIES, whole=True,
        too_few="'series' is empty: a chart needs at least one series",
        too_many="a chart can show at most {count} series"), key="series")
    target: ChartTarget | None = declared(Nested(ChartTarget))
    max: float | None = declared(Number())  # the top of the value axis (e.g. 100 for percentages)
    note: str = declared(Plain())  # a caveat printed under the chart ("no period stated")
    alt: str = declared(Plain(description="the text alternative: what the chart shows, in words"), required=True)
    cite: Text | None = declared(Reference(), required=True)
    location: Location = bookkeeping()
    places: Places = bookkeeping(NO_PLACES)

    @property
    def series(self) -> tuple[ChartSeries, ...]:
        """Every series drawn: ``data`` as one series with no name, else the named ones."""
        if self.data:
            return (ChartSeries("", self.data, self.places.value("data", self.location)),)
        return self.named_series


@dataclass(frozen=True)
class Theme:
    """One curated theme, from ``briefs/themes/<id>.yaml``."""

    WHAT: ClassVar[str] = "a theme"

    id: str = ""    # the file's name
    path: str = ""  # the file, as errors name it
    title: str = declared(Title(), required=True)
    summary: Text = declared(Markdown(), required=True)
    lang: str = declared(Language())  # "" means the project's default language
    status: str = declared(Choice(STATUSES, "status must be one of {choices}"))
    updated: PartialDate | None = declared(Date())
    tags: tuple[str, ...] = declared(ListOf(Plain(numbers=True, max_chars=MAX_TAG_CHARS)))
    key_points: tuple[Text, ...] = declared(ListOf(Markdown()))
    timeline: tuple[TimelineEntry, ...] = declared(ListOf(Nested(TimelineEntry)))
    figures: tuple[Figure, ...] = declared(ListOf(Nested(Figure)))
    charts: tuple[Chart, ...] = declared(ListOf(Nested(Chart)))
    quotes: tuple[Quote, ...] = declared(ListOf(Nested(Quote)))
    assessment: Text | None = declared(Markdown())
    judgements: tuple[Judgement, ...] = declared(ListOf(Nested(Judgement)))
    open_questions: tuple[Text, ...] = declared(ListOf(Markdown()))
    comment: str = declared(Plain(), internal=True)  # the team's own notes: never shown
    location: Location = bookkeeping()
    places: Places = bookkeeping(NO_PLACES)

    @property
    def updated_location(self) -> Location:
        """Where the theme says when it was last reviewed (its start when it does not)."""
        return self.places.key("updated", self.location)

    def entries_in(self, week: IsoWeek) -> tuple[TimelineEntry, ...]:
        """Timeline entries that belong to ``week``."""
        return tuple(entry for entry in self.timeline if entry.falls_in(week))


# -- weekly briefs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeRef:
    """A theme named by a weekly brief (``- id``), with the editor's optional note."""

    WHAT: ClassVar[str] = "a theme entry"

    id: str = declared(ThemeId(), required=True)
    note: Text | None = declared(Markdown())
    location: Location = bookkeeping()
    places: Places = bookkeeping(NO_PLACES)


@dataclass(frozen=True)
class WeeklyBrief:
    """One weekly brief, from ``briefs/weekly/<YYYY>-W<ww>.yaml``."""

    WHAT: ClassVar[str] = "a weekly brief"
    CHECK: ClassVar = check_weekly

    id: str = ""    # the file's name: its ISO week
    path: str = ""  # the file, as errors name it
    number: int = declared(Count(), required=True)
    week: IsoWeek = declared(Week(), required=True)
    date: dt.date = declared(Day(), required=True)
    compiled: dt.date | None = declared(Day())  # written after the fact, on this day
    title: str = declared(Title(), required=True)
    handling: str = declared(Plain())
    authors: tuple[str, ...] = declared(ListOf(Plain()))
    lang: str = declared(Language())  # "" means the project's default language
    bluf: Text = declared(Markdown(), required=True)
    judgements: tuple[Judgement, ...] = declared(ListOf(Nested(Judgement)))
    themes: tuple[ThemeRef, ...] = declared(ListOf(Nested(ThemeRef, scalar="id"), min_items=1,
                                                   too_few="'themes' must name at least one theme"), required=True)
    clearance: Clearance = declared(Nested(Clearance, empty=DRAFT))  # none given: a draft
    comment: str = declared(Plain(), internal=True)  # the team's own notes: never shown
    location: Location = bookkeeping()
    places: Places = bookkeeping(NO_PLACES)


@dataclass(frozen=True)
class Project:
    """Everything validated for one run: the bibliography, themes and weekly briefs."""

    root: str
    sources: dict[str, Source] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    weekly: dict[str, WeeklyBrief] = field(default_factory=dict)
    complete: bool = False  # every document of the project was loaded, not a selection
    previous: dict[str, WeeklyBrief] = field(default_factory=dict)  # brief id → the brief before it, if any
    lang: str = "en"  # the language of documents that give none (the config's)
    ids: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind → every document id on disk, editions too


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
        elif dataclasses.is_dataclass(item) and not isinstance(item, Places):
            stack.extend(getattr(item, f.name) for f in reversed(dataclasses.fields(item)))
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
