"""Warnings about content that is valid but probably not what the editor wants.

Run by ``briefgen check`` (``--strict`` turns them into failures): claims with no
citation, quotes with no speaker, timelines out of order, sources nothing cites, themes
that have not been reviewed for a while, sources with no grade (when the project requires
grades), and what a weekly brief cites that its date cannot tell was known.
"""

from __future__ import annotations

import datetime as dt

from briefgen.content.judging import judgement_warnings
from briefgen.content.model import Project, Theme
from briefgen.content.timing import timing_problems
from briefgen.content.yardstick import PHIA, Yardstick
from briefgen.errors import Diagnostics, Location

DEFAULT_STALE_WEEKS = 12


def lint(project: Project, as_of: dt.date | None = None, stale_weeks: int = DEFAULT_STALE_WEEKS,
         require_grades: bool = False, yardstick: Yardstick = PHIA) -> Diagnostics:
    """Warnings for ``project``.

    ``as_of`` is the date staleness is measured from; by default the date of the newest
    weekly brief, so the same content always gives the same warnings. ``stale_weeks`` 0
    turns the staleness warning off. ``require_grades`` warns about ungraded sources;
    ``yardstick`` is the scale judgements are held to.
    """
    diagnostics = Diagnostics()
    judgement_warnings(project, yardstick, diagnostics)
    timing = Diagnostics()
    timing_problems(project, timing)
    diagnostics.items.extend(d for d in timing.items if d not in timing.errors)
    if require_grades:
        for source in project.sources.values():
            if not source.grade:
                diagnostics.warning(source.location, f"source {source.id!r} has no grade "
                                                     f"(the project requires grades: require_grades in briefgen.toml)")
    for theme in project.themes.values():
        _lint_theme(theme, diagnostics)
        _translated_quotes(theme, project, diagnostics)
    if project.complete:
        _unused_sources(project, diagnostics)
    reference = as_of or max((brief.date for brief in project.weekly.values()), default=None)
    if reference is not None and stale_weeks > 0:
        for theme in project.themes.values():
            _stale(theme, reference, stale_weeks, diagnostics)
    return diagnostics


def _translated_quotes(theme: Theme, project: Project, diagnostics: Diagnostics) -> None:
    """A quote whose speaker spoke another language needs a source that says which language it reports."""
    for quote in theme.quotes:
        keys = quote.cite.keys if quote.cite else ()
        if quote.spoken_in and keys and not any(project.sources[k].language for k in keys if k in project.sources):
            diagnostics.warning(quote.places.value("spoken_in", quote.location),
                                "quote gives spoken_in but its source has no 'language': the brief cannot say "
                                "which language the words are reported in")


def _lint_theme(theme: Theme, diagnostics: Diagnostics) -> None:
    for point in theme.key_points:
        if not point.citations:
            diagnostics.warning(point.location, "key point has no citation")
    previous = None
    for entry in theme.timeline:
        if not entry.text.citations:
            diagnostics.warning(entry.text.location, "timeline entry has no citation")
        if previous is not None and _order(entry) < _order(previous):
            diagnostics.warning(entry.location, f"timeline out of date order: {entry.date} comes after {previous.date}")
        previous = entry
    for figure in theme.figures:
        if figure.cite is None:
            diagnostics.warning(figure.location, f"figure {figure.label!r} has no citation")
    for quote in theme.quotes:
        if quote.cite is None:
            diagnostics.warning(quote.location, "quote has no citation")
        if not quote.speaker:
            diagnostics.warning(quote.location, "quote has no speaker")


def _order(entry) -> tuple[int, int, int]:
    """An entry's place in time: an approximate date filed under a week sorts by that week."""
    if entry.week is not None:
        monday = entry.week.monday
        return (monday.year, monday.month, monday.day)
    return entry.date.sort_key


def _unused_sources(project: Project, diagnostics: Diagnostics) -> None:
    cited = set()
    for theme in project.themes.values():
        texts = [theme.summary, *theme.key_points, *(e.text for e in theme.timeline), theme.assessment,
                 *theme.open_questions, *(f.cite for f in theme.figures), *(q.cite for q in theme.quotes),
                 *(c.cite for c in theme.charts)]
        cited.update(key for text in texts if text is not None for key in text.keys)
    for brief in project.weekly.values():
        cited.update(brief.bluf.keys)
        cited.update(key for ref in brief.themes if ref.note for key in ref.note.keys)
    for source in project.sources.values():
        if source.id not in cited:
            diagnostics.warning(source.location, f"source {source.id!r} is not cited anywhere")


def _stale(theme: Theme, reference: dt.date, weeks: int, diagnostics: Diagnostics) -> None:
    where: Location = theme.updated_location
    if theme.updated is None:
        diagnostics.warning(where, "theme has no 'updated' date")
        return
    year, month, day = theme.updated.sort_key
    updated = dt.date(year, month or 12, day or 28)
    age = (reference - updated).days // 7
    if age > weeks:
        diagnostics.warning(where, f"theme not updated for {age} weeks (since {theme.updated}; limit {weeks})")
