"""Stage 3 — resolve citations: model objects become the views templates receive.

A view's text fields are ``Rich`` values: Markdown rendered to sanitised HTML whose
citation slots turn into markers, written by the citation style's ``marker`` macro, when
the template outputs them. Sources are numbered per document in the order the template
first shows a citation.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from markupsafe import Markup

from briefgen.content.citations import Numbering
from briefgen.content.model import (
    Chart,
    Citation,
    IsoWeek,
    PartialDate,
    Project,
    Source,
    Text,
    Theme,
    TimelineEntry,
    WeeklyBrief,
)
from briefgen.render import markdown as markup

if TYPE_CHECKING:
    from briefgen.graphics.svg import Palette


@dataclass(frozen=True)
class CiteItemView:
    """One reference of a citation, as the citation style's macros receive it."""

    number: int
    anchor: str
    source: Source
    prefix: str
    locator: str
    suffix: str
    suppress_author: bool
    first: bool  # the first citation of this source in the document (full note, not short)
    ref_id: str = ""  # a unique id for this citation, for the marker, so the Sources list can link back


class Citer:
    """Turns a citation into its marker HTML: numbers it, then calls the style's macros.

    With ``footnote`` set (print, and a style that writes notes), each citation becomes a
    numbered call linking to a footnote that the PDF sets at the foot of the page. The
    macros are attached once the style's template module exists (it needs the context that
    holds the texts this citer renders).
    """

    def __init__(self, numbering: Numbering, lang: str = "en"):
        self.numbering = numbering
        self.lang = lang  # the document's language, for the typography of its texts
        self.marker: Callable[[list[CiteItemView]], str] | None = None
        self.footnote: Callable[[list[CiteItemView]], str] | None = None
        self.notes = 0
        self.occurrences: dict[str, list[str]] = {}  # source key → ids of its citations, in order

    def start(self) -> None:
        """Begin a rendering pass: notes count from 1 again, every source is new again."""
        self.notes = 0
        self.occurrences = {}

    def __call__(self, citation: Citation) -> str:
        items = []
        for item in citation.items:
            number = self.numbering.number(item.key)
            seen = self.occurrences.setdefault(item.key, [])
            ref_id = f"cite-{number}-{len(seen) + 1}"
            items.append(CiteItemView(number, f"ref-{number}", self.numbering.sources[item.key], item.prefix,
                                      item.locator, item.suffix, item.suppress_author, not seen, ref_id))
            seen.append(ref_id)
        if self.footnote is not None:
            return self._note(items)
        if self.marker is None:
            raise RuntimeError("the citation style's marker macro is not attached")
        return str(self.marker(items))

    def _note(self, items: list[CiteItemView]) -> str:
        self.notes += 1
        n = self.notes
        return (f'<a class="note-call" id="note-call-{n}" href="#note-{n}" role="doc-noteref">{n}</a>'
                f'<span class="footnote" id="note-{n}" role="doc-footnote">'
                f'<a class="note-number" href="#note-call-{n}">{n}.</a> {self.footnote(items)}</span>')


@dataclass(frozen=True)
class Rich:
    """Content text ready for a template: ``{{ text }}`` gives block HTML, ``{{ text.inline }}`` inline."""

    text: Text
    citer: Citer

    def __html__(self) -> str:
        return self._fill(markup.render(self.text, self.citer.lang))

    @property
    def inline(self) -> Markup:
        return Markup(self._fill(markup.render_inline(self.text, self.citer.lang)))

    @property
    def markdown(self) -> str:
        return self.text.markdown

    @property
    def keys(self) -> tuple[str, ...]:
        return self.text.keys

    def __bool__(self) -> bool:
        return bool(self.text.markdown.strip())

    def _fill(self, html: str) -> str:
        return markup.SLOT.sub(lambda m: self.citer(self.text.citations[int(m.group(1))]), html)


class CitedSources:
    """The sources a document cites, for the template's Sources list.

    In citation order (numeric styles) or sorted by author, title and date (author-date
    styles). ``stale`` tells the renderer that the list was read before the last citation
    was shown (a template that puts its Sources first), so the document must be rendered again.
    """

    def __init__(self, numbering: Numbering, order: str = "citation", citer: Citer | None = None,
                 entry_text: Callable[[Source], str] | None = None,
                 formatted: Callable[[Source], str] | None = None):
        self._numbering = numbering
        self._order = order
        self._citer = citer
        self._entry_text = entry_text  # what alphabetical lists sort by
        self._formatted = formatted    # the style's entry for a source
        self._seen: int | None = None

    def __iter__(self):
        occurrences = self._citer.occurrences if self._citer else {}
        entries = [SourceEntry(number, source, tuple(occurrences.get(source.id, ())),
                               self._formatted(source) if self._formatted else "")
                   for number, source in self._numbering.cited()]
        if self._order == "alphabetical":
            entries.sort(key=lambda e: _sort_key(self._entry_text(e.source) if self._entry_text else e.source.title))
        self._observe(len(entries))
        return iter(entries)

    def __len__(self) -> int:
        return self._observe(len(self._numbering.order))

    def _observe(self, count: int) -> int:
        self._seen = count if self._seen is None else min(self._seen, count)
        return count

    @property
    def stale(self) -> bool:
        """Whether any reading of the list came before the document's last new citation."""
        return self._seen is not None and self._seen != len(self._numbering.order)


def _sort_key(entry_html: str) -> str:
    """Bibliography order: by what the entry starts with, as a reader looks it up.

    Tags, opening brackets and quotation marks are ignored, and accents do not send "Élysée"
    after "Zelensky".
    """
    text = re.sub(r"<[^>]+>", "", entry_html)
    text = unicodedata.normalize("NFKD", html.unescape(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"^[\s\[“‘\"'«(_]+", "", text).casefold()


@dataclass(frozen=True)
class SourceEntry:
    number: int
    source: Source
    backrefs: tuple[str, ...] = ()  # ids of the citations of this source, when the list follows them
    formatted: str = ""             # the entry as the citation style writes it

    @property
    def anchor(self) -> str:
        return f"ref-{self.number}"


@dataclass(frozen=True)
class EntryView:
    date: PartialDate
    when: str
    text: Rich
    this_week: bool


class Entries(Sequence):
    """Timeline entries as a read-only sequence of ``EntryView``, each made when a template
    first reads it: a weekly brief shows a few of the hundreds of entries its themes hold."""

    def __init__(self, entries: Iterable[TimelineEntry], citer: Citer, week: IsoWeek | None = None):
        self._entries = tuple(entries)
        self._citer = citer
        self._week = week
        self._views: dict[int, EntryView] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self._entries))))
        index = range(len(self._entries))[index]  # negative indexes; IndexError past the end
        view = self._views.get(index)
        if view is None:
            item = self._entries[index]
            view = self._views[index] = EntryView(item.date, item.when, Rich(item.text, self._citer),
                                                  self._week is not None and item.falls_in(self._week))
        return view

    def __repr__(self) -> str:
        return f"Entries({len(self._entries)} entries)"


@dataclass(frozen=True)
class FigureView:
    label: str
    value: str
    as_of: PartialDate | None
    cite: Rich | None


@dataclass(frozen=True)
class ChartView:
    """A chart for a template: its words and citation here, its SVG and data table drawn on demand.

    The drawing code (briefgen.graphics.charts) is imported only when a template asks for ``svg`` or
    ``table``: a document without charts never loads it.
    """

    id: str             # unique in the document: the figure's id, and the prefix of the SVG's ids
    type: str           # "bar", "line" or "comparison"
    title: str
    unit: str
    note: str
    alt: str
    as_of: PartialDate | None
    cite: Rich | None
    sources: tuple[str, ...]  # the cited outlets by name, for the source line
    model: Chart
    lang: str
    palette: Palette | None = None  # the colours and font, from the build's stylesheets

    @property
    def svg(self) -> Markup:
        from briefgen.graphics import charts

        return Markup(charts.render_svg(self.model, self.id, self.lang, pal=self.palette))

    @property
    def table(self):
        """The data as a table: ``columns``, ``rows`` (each ``label`` and ``cells``), ``target``."""
        from briefgen.graphics import charts

        return charts.data_table(self.model, self.lang)

    @property
    def words(self) -> dict[str, str]:
        from briefgen.graphics import svg as chart_svg

        return chart_svg.words(self.lang)


@dataclass(frozen=True)
class TimelineGraphicView:
    """A theme's timeline drawn on a date axis; this week's events highlighted in a weekly brief."""

    id: str
    title: str
    entries: tuple[TimelineEntry, ...]
    week: IsoWeek | None
    lang: str
    palette: Palette | None = None  # None: the palette of the project in the working folder

    @cached_property
    def highlighted(self) -> tuple[bool, ...]:
        """One flag per entry: inside the brief's week. Asked only when the graphic is drawn
        (a weekly brief draws its own graphic, not that of each theme's whole timeline)."""
        return tuple(self.week is not None and entry.falls_in(self.week) for entry in self.entries)

    @property
    def svg(self) -> Markup:
        from briefgen.graphics import timeline as chart_timeline

        return Markup(chart_timeline.render_svg(self))

    @property
    def words(self) -> dict[str, str]:
        from briefgen.graphics import svg as chart_svg

        return chart_svg.words(self.lang)


@dataclass(frozen=True)
class QuoteView:
    text: str
    speaker: str
    role: str
    original: str
    cite: Rich | None


@dataclass(frozen=True)
class ThemeView:
    id: str
    title: str
    lang: str
    status: str
    updated: PartialDate | None
    tags: tuple[str, ...]
    summary: Rich
    key_points: tuple[Rich, ...]
    timeline: Sequence[EntryView]
    figures: tuple[FigureView, ...]
    quotes: tuple[QuoteView, ...]
    assessment: Rich | None
    open_questions: tuple[Rich, ...]
    charts: tuple[ChartView, ...] = ()
    timeline_graphic: TimelineGraphicView | None = None


@dataclass(frozen=True)
class ThemeSection:
    """A theme as a weekly brief shows it, limited to what was known by the end of that week.

    The theme's summary and key points are its current text and may speak of later events;
    a weekly brief shows ``this_week``, the entries ``earlier``, and the ``figures`` dated
    no later than the week.
    """

    theme: ThemeView
    this_week: Sequence[EntryView]
    earlier: Sequence[EntryView]
    figures: tuple[FigureView, ...]
    note: Rich | None
    charts: tuple[ChartView, ...] = ()  # the theme's charts dated no later than the week
    timeline_graphic: TimelineGraphicView | None = None  # what was known by the week's end, its events highlighted


@dataclass(frozen=True)
class BriefView:
    id: str
    number: int
    week: IsoWeek
    date: dt.date
    title: str
    handling: str
    authors: tuple[str, ...]
    lang: str
    bluf: Rich
    sections: tuple[ThemeSection, ...]


def theme_view(theme: Theme, citer: Citer, lang: str, week: IsoWeek | None = None,
               palette: Palette | None = None) -> ThemeView:
    """The view of ``theme`` in language ``lang``; entries inside ``week`` are flagged as this week's.

    ``palette`` colours the charts (default: the palette of the project in the working folder).
    """
    def rich(text: Text) -> Rich:
        return Rich(text, citer)

    return ThemeView(
        id=theme.id,
        title=theme.title,
        lang=lang,
        status=theme.status,
        updated=theme.updated,
        tags=theme.tags,
        summary=rich(theme.summary),
        key_points=tuple(rich(t) for t in theme.key_points),
        timeline=Entries(theme.timeline, citer, week),
        figures=tuple(FigureView(f.label, f.value, f.as_of, f.cite and rich(f.cite)) for f in theme.figures),
        quotes=tuple(QuoteView(q.text, q.speaker, q.role, q.original, q.cite and rich(q.cite))
                     for q in theme.quotes),
        assessment=rich(theme.assessment) if theme.assessment else None,
        open_questions=tuple(rich(t) for t in theme.open_questions),
        charts=tuple(chart_view(theme.id, index, chart, citer, lang, palette)
                     for index, chart in enumerate(theme.charts, start=1)),
        timeline_graphic=timeline_graphic(theme, theme.timeline, week, lang, palette),
    )


def chart_view(theme_id: str, number: int, chart: Chart, citer: Citer, lang: str,
               palette: Palette | None = None) -> ChartView:
    """The view of a theme's ``number``-th chart; its source line names the outlets it cites."""
    outlets = []
    for key in chart.cite.keys if chart.cite else ():
        source = citer.numbering.sources.get(key)
        if source is not None:
            outlets.append(source.container_title or source.publisher or source.title_short or source.title)
    return ChartView(f"chart-{theme_id}-{number}", chart.type, chart.title, chart.unit, chart.note, chart.alt,
                     chart.as_of, Rich(chart.cite, citer) if chart.cite else None,
                     tuple(dict.fromkeys(outlets)), chart, lang, palette)


WEEKLY_GRAPHIC_EVENTS = 12  # a weekly brief's timeline graphic: this week's events and the latest before them


def _known_by(theme: Theme, this_week: tuple[TimelineEntry, ...], earlier: tuple[TimelineEntry, ...]
              ) -> tuple[TimelineEntry, ...]:
    """The entries a weekly brief's graphic shows: this week's, then the latest earlier ones, in order."""
    keep = set(map(id, this_week + earlier[max(len(earlier) - (WEEKLY_GRAPHIC_EVENTS - len(this_week)), 0):]))
    return tuple(entry for entry in theme.timeline if id(entry) in keep)


def timeline_graphic(theme: Theme, entries: tuple[TimelineEntry, ...], week: IsoWeek | None, lang: str,
                     palette: Palette | None = None) -> TimelineGraphicView | None:
    """The graphic of ``entries`` (none when there are none); inside ``week``, highlighted."""
    if not entries:
        return None
    return TimelineGraphicView(f"timeline-graphic-{theme.id}", theme.title, tuple(entries), week, lang, palette)


def brief_view(brief: WeeklyBrief, project: Project, citer: Citer, handling: str, lang: str,
               palette: Palette | None = None) -> BriefView:
    """The view of a weekly brief with a section for each theme it names.

    ``handling`` and ``lang`` are the brief's own or, when it gives none, the project's;
    ``palette`` colours its graphics (default: that of the project in the working folder).
    """
    sections = []
    sunday = brief.week.sunday
    for ref in brief.themes:
        theme = project.themes[ref.id]
        view = theme_view(theme, citer, lang, brief.week, palette)
        this_week = theme.entries_in(brief.week)
        earlier = tuple(entry for entry in theme.timeline if entry.before(brief.week))
        figures = tuple(figure for figure in view.figures
                        if figure.as_of is None or figure.as_of.sort_key <= (sunday.year, sunday.month, sunday.day))
        note = Rich(ref.note, citer) if ref.note else None
        charts = tuple(chart for chart in view.charts
                       if chart.as_of is None or chart.as_of.sort_key <= (sunday.year, sunday.month, sunday.day))
        graphic = timeline_graphic(theme, _known_by(theme, this_week, earlier), brief.week, lang, palette)
        sections.append(ThemeSection(view, Entries(this_week, citer, brief.week), Entries(earlier, citer, brief.week),
                                     figures, note, charts, graphic))
    return BriefView(
        id=brief.id,
        number=brief.number,
        week=brief.week,
        date=brief.date,
        title=brief.title,
        handling=handling,
        authors=brief.authors,
        lang=lang,
        bluf=Rich(brief.bluf, citer),
        sections=tuple(sections),
    )
