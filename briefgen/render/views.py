"""What templates receive: a theme or a weekly brief as views of the content model.

A view's text fields are ``Rich`` values (``briefgen.render.citer``) whose citations become
markers as the template shows them; each carries a ``Frame`` saying where it stands in the
document, for the claims the site's Sources page lists. Graphics are drawn on demand
(``briefgen.render.graphic_views``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from briefgen.content import timing
from briefgen.content.model import Figure, IsoWeek, PartialDate, Project, Quote, Text, Theme, TimelineEntry, WeeklyBrief
from briefgen.content.yardstick import PHIA, Yardstick
from briefgen.graphics.svg import Palette
from briefgen.labels import BUILT_IN, Catalogues, format_date
from briefgen.render.citer import Citer, Rich
from briefgen.render.claims import Frame
from briefgen.render.entries import Entries, EntryView
from briefgen.render.graphic_views import ChartView, TimelineGraphicView, chart_view, timeline_graphic
from briefgen.render.judgement_views import JudgementView, judgement_views
from briefgen.render.since_views import JudgementsSince, SinceView, judgements_since, theme_since


@dataclass(frozen=True)
class FigureView:
    label: str
    value: str
    as_of: PartialDate | None
    cite: Rich | None


class Figures(tuple):
    """A key-figures table: its rows (``FigureView``), and the sources they cite, for a
    Source line under the table: ``sources`` names each once (recording each row's claim
    as resting on that name), ``source_count`` counts them."""

    def __new__(cls, figures: Iterable[FigureView], citer: Citer):
        table = super().__new__(cls, figures)
        table._citer = citer  # private: the sandbox keeps templates from it
        return table

    @property
    def sources(self) -> Markup:
        return Markup(self._citer.listed((citation, figure.cite.frame) for figure in self if figure.cite
                                         for citation in figure.cite.text.citations))

    @property
    def source_count(self) -> int:
        return len({key for figure in self if figure.cite for key in figure.cite.keys})


@dataclass(frozen=True)
class QuoteView:
    text: str
    speaker: str
    role: str
    original: str
    cite: Rich | None
    translation: str = ""  # said in another language than the source reports: "reported in French; our translation"
    original_lang: str = ""  # the language of ``original``: the cited source's


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
    judgements: tuple[JudgementView, ...] = ()


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
    since: SinceView | None = None  # what is new since the previous brief (None for the first brief)
    background: Sequence[EntryView] = ()  # the earlier entries the previous brief showed already
    lang: str = ""  # the theme's language where it is not the brief's (no edition in the brief's language)


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
    compiled: dt.date | None = None  # written after the fact, on this day
    sources_until: PartialDate | None = None  # the latest publication date among what it cites
    judgements: tuple[JudgementView, ...] = ()
    since: JudgementsSince | None = None  # the judgements' changes since the previous brief


def theme_view(theme: Theme, citer: Citer, labels: dict, palette: Palette, week: IsoWeek | None = None,
               yardstick: Yardstick = PHIA, catalogues: Catalogues = BUILT_IN, lang: str = "") -> ThemeView:
    """The view of ``theme`` in its document's language (``labels``' words); entries inside
    ``week`` are flagged as this week's; ``palette`` colours the graphics, which take their
    words from the project's ``catalogues``; judgements are read on ``yardstick``. ``lang``
    is the theme's own language, when a brief shows it in a document of another language."""
    def rich(text: Text, key: str, anchor: str) -> Rich:
        return Rich(text, citer, Frame((labels[key],), anchor))

    figures = Frame((labels["figures"],), "figures-heading")
    return ThemeView(
        id=theme.id,
        title=theme.title,
        lang=lang or citer.lang,
        status=theme.status,
        updated=theme.updated,
        tags=theme.tags,
        summary=rich(theme.summary, "summary", "summary-heading"),
        key_points=tuple(rich(t, "key_points", "key-points-heading") for t in theme.key_points),
        timeline=Entries(theme.timeline, citer, week, Frame((labels["timeline"],), "timeline-heading"), labels),
        figures=Figures((figure_view(f, citer, figures, labels) for f in theme.figures), citer),
        quotes=tuple(quote_view(q, citer, Frame((labels["quotes"],), "quotes-heading"), labels)
                     for q in theme.quotes),
        assessment=rich(theme.assessment, "assessment", "assessment-heading") if theme.assessment else None,
        open_questions=tuple(rich(t, "open_questions", "questions-heading") for t in theme.open_questions),
        charts=tuple(chart_view(theme.id, index, chart, citer, palette, figures, catalogues)
                     for index, chart in enumerate(theme.charts, start=1)),
        timeline_graphic=timeline_graphic(theme, theme.timeline, week, citer.lang, palette, catalogues),
        judgements=judgement_views(theme.judgements, citer, yardstick, labels) if week is None else (),
    )


def figure_view(figure: Figure, citer: Citer, frame: Frame, labels: dict) -> FigureView:
    """A key figure; its citation supports the whole row: label, value and date."""
    as_of = format_date(figure.as_of, labels) if figure.as_of else ""
    whole = Frame(frame.section, frame.anchor, whole=f"{figure.label} {figure.value} {as_of}")
    cite = Rich(figure.cite, citer, whole) if figure.cite else None
    return FigureView(figure.label, figure.value, figure.as_of, cite)


def quote_view(quote: Quote, citer: Citer, frame: Frame, labels: dict) -> QuoteView:
    """A quotation; its citation supports the quotation and who said it. A speaker who spoke
    another language than the source reports them in gets a note saying so: our text is a
    translation of the source's rendering, not their own words."""
    said = f"“{quote.text}”" + (f" — {quote.speaker}" if quote.speaker else "")
    said += f", {quote.role}" if quote.role else ""
    whole = Frame(frame.section, frame.anchor, whole=said)
    sources = [citer.numbering.sources[key] for key in (quote.cite.keys if quote.cite else ())
               if key in citer.numbering.sources]
    reported_in = next((s.language for s in sources if s.language), "")
    translation = ""
    if quote.spoken_in and reported_in and _base(quote.spoken_in) != _base(reported_in):
        language = labels["language_names"].get(_base(reported_in), reported_in)
        translation = labels["reported_translation"].format(language=language)
    return QuoteView(quote.text, quote.speaker, quote.role, quote.original,
                     Rich(quote.cite, citer, whole) if quote.cite else None, translation, reported_in)


def _base(lang: str) -> str:
    return lang.split("-")[0].lower()


WEEKLY_GRAPHIC_EVENTS = 12  # a weekly brief's timeline graphic: this week's events and the latest before them


def _known_by(theme: Theme, this_week: tuple[TimelineEntry, ...], earlier: tuple[TimelineEntry, ...]
              ) -> tuple[TimelineEntry, ...]:
    """The entries a weekly brief's graphic shows: this week's, then the latest earlier ones, in order."""
    keep = set(map(id, this_week + earlier[max(len(earlier) - (WEEKLY_GRAPHIC_EVENTS - len(this_week)), 0):]))
    return tuple(entry for entry in theme.timeline if id(entry) in keep)


def brief_view(brief: WeeklyBrief, project: Project, citer: Citer, handling: str, labels: dict,
               palette: Palette, yardstick: Yardstick = PHIA, catalogues: Catalogues = BUILT_IN) -> BriefView:
    """The view of a weekly brief with a section for each theme it names.

    ``handling`` is the brief's own or, when it gives none, the project's; ``labels`` are
    the words of the brief's language (from the project's ``catalogues``, which its graphics
    speak too); ``palette`` colours its graphics.
    """
    judgements = judgement_views(brief.judgements, citer, yardstick, labels)
    previous = project.previous.get(brief.id)
    since = judgements_since(judgements, brief, previous, yardstick, labels) if previous else None
    sections = tuple(_section(brief, project, project.themes[ref.id], ref.note, citer, labels, palette, catalogues)
                     for ref in brief.themes)
    return BriefView(
        id=brief.id,
        number=brief.number,
        week=brief.week,
        date=brief.date,
        title=brief.title,
        handling=handling,
        authors=brief.authors,
        lang=citer.lang,
        bluf=Rich(brief.bluf, citer, Frame((labels["bluf"],), "bluf-heading")),
        sections=sections,
        compiled=brief.compiled,
        sources_until=timing.latest_issued(_keys_shown(brief, sections, judgements), project.sources),
        judgements=since.judgements if since else judgements,
        since=since,
    )


def _keys_shown(brief: WeeklyBrief, sections: tuple[ThemeSection, ...], judgements) -> set[str]:
    """The citation keys of everything a brief shows: its own texts and its themes' sections."""
    keys = set(brief.bluf.keys)
    keys.update(key for j in judgements for rich in (j.statement, j.basis) for key in rich.keys)
    for section in sections:
        entries = (*section.this_week, *section.earlier)
        rich = [section.note, *(e.text for e in entries), *(f.cite for f in section.figures),
                *(c.cite for c in section.charts)]
        keys.update(key for r in rich if r is not None for key in r.keys)
    return keys


def _section(brief: WeeklyBrief, project: Project, theme: Theme, note: Text | None, citer: Citer, labels: dict,
             palette: Palette, catalogues: Catalogues) -> ThemeSection:
    """What a brief shows of one theme: what was known on its date (``briefgen.content.timing``)."""
    anchor = f"theme-{theme.id}"

    def frame(key: str) -> Frame:
        return Frame((theme.title, labels[key]), anchor)

    sources = project.sources
    this_week, earlier = timing.this_week(theme, brief, sources), timing.earlier(theme, brief, sources)
    figures = Figures((figure_view(f, citer, frame("figures"), labels) for f in timing.figures(theme, brief, sources)),
                      citer)
    charts = tuple(chart_view(theme.id, number, chart, citer, palette, frame("figures"), catalogues)
                   for number, chart in timing.charts(theme, brief, sources))
    graphic = timeline_graphic(theme, _known_by(theme, this_week, earlier), brief.week, citer.lang, palette,
                               catalogues)
    previous = project.previous.get(brief.id)
    since = theme_since(theme, brief, previous, sources, citer, labels) if previous else None
    background = tuple(entry for entry in earlier if since is None or id(entry) not in since.new_ids)
    theme_lang = theme.lang or project.lang
    view = theme_view(theme, citer, labels, palette, brief.week, catalogues=catalogues, lang=theme_lang)
    return ThemeSection(view,
                        Entries(this_week, citer, brief.week, frame("this_week"), labels),
                        Entries(earlier, citer, brief.week, frame("background"), labels),
                        figures, Rich(note, citer, frame("this_week")) if note else None, charts, graphic,
                        since, Entries(background, citer, brief.week, frame("background"), labels),
                        "" if theme_lang.lower() == citer.lang.lower() else theme_lang)
