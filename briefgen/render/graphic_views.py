"""Charts and timeline graphics as templates receive them: words and citation at once, the
SVG and the data table drawn only when a template asks (``briefgen.graphics``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup

from briefgen.content.model import Chart, IsoWeek, PartialDate, Theme, TimelineEntry
from briefgen.graphics.svg import Palette
from briefgen.labels import BUILT_IN, Catalogues
from briefgen.render.citer import Citer, Rich
from briefgen.render.claims import Frame


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
    palette: Palette  # the colours and font, from the build's stylesheets
    labels: Catalogues = BUILT_IN  # the project's words

    @property
    def svg(self) -> Markup:
        from briefgen.graphics import charts

        chart = charts.with_target_label(self.model, self.lang, self.labels)
        return Markup(charts.render_svg(chart, self.id, self.lang, self.palette))

    @property
    def table(self):
        """The data as a table: ``columns``, ``rows`` (each ``label`` and ``cells``), ``target``."""
        from briefgen.graphics import charts

        return charts.data_table(self.model, self.lang, self.labels)

    @property
    def words(self) -> dict[str, str]:
        from briefgen.graphics import svg

        return svg.words(self.lang, self.labels)


@dataclass(frozen=True)
class TimelineGraphicView:
    """A theme's timeline drawn on a date axis; this week's events highlighted in a weekly brief."""

    id: str
    title: str
    entries: tuple[TimelineEntry, ...]
    week: IsoWeek | None
    lang: str
    palette: Palette  # the colours and font, from the build's stylesheets
    labels: Catalogues = BUILT_IN  # the project's words

    @cached_property
    def highlighted(self) -> tuple[bool, ...]:
        """One flag per entry: inside the brief's week. Asked only when the graphic is drawn
        (a weekly brief draws its own graphic, not that of each theme's whole timeline)."""
        return tuple(self.week is not None and entry.falls_in(self.week) for entry in self.entries)

    @property
    def svg(self) -> Markup:
        from briefgen.graphics import timeline

        return Markup(timeline.render_svg(self))

    @property
    def words(self) -> dict[str, str]:
        from briefgen.graphics import svg

        return svg.words(self.lang, self.labels)


def chart_view(theme_id: str, number: int, chart: Chart, citer: Citer, palette: Palette, frame: Frame,
               labels: Catalogues = BUILT_IN) -> ChartView:
    """The view of a theme's ``number``-th chart; its source line names the outlets it cites,
    and its citation supports the chart as a whole (its title); its words come from ``labels``."""
    outlets = []
    for key in chart.cite.keys if chart.cite else ():
        source = citer.numbering.sources.get(key)
        if source is not None:
            outlets.append(source.container_title or source.publisher or source.title_short or source.title)
    ident = f"chart-{theme_id}-{number}"
    cite = Rich(chart.cite, citer, Frame(frame.section, ident, whole=chart.title)) if chart.cite else None
    return ChartView(ident, chart.type, chart.title, chart.unit, chart.note, chart.alt, chart.as_of, cite,
                     tuple(dict.fromkeys(outlets)), chart, citer.lang, palette, labels)


def timeline_graphic(theme: Theme, entries: tuple[TimelineEntry, ...], week: IsoWeek | None, lang: str,
                     palette: Palette, labels: Catalogues = BUILT_IN) -> TimelineGraphicView | None:
    """The graphic of ``entries`` (none when there are none); inside ``week``, highlighted;
    its words from ``labels``."""
    if not entries:
        return None
    return TimelineGraphicView(f"timeline-graphic-{theme.id}", theme.title, tuple(entries), week, lang, palette,
                               labels)
