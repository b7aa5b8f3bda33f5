"""What was known when: a weekly brief claims only what was known on its date.

A source counts as known on a day when its publication date, as precisely as it is known,
ends by that day: a source "issued 2025-10" is known on 31 October 2025, unknown on
30 September, and *unsure* on 17 October (it may or may not have been out). A brief shows
a theme's timeline entries, figures and charts only when every source they cite was known
by its date and, for figures and charts, when what they measure (``as_of``) is. A brief
written after the fact declares when it was ``compiled``: its sources may then be as late
as that day, though what it describes still ends at its own date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from enum import Enum

from briefgen.content.model import Figure, PartialDate, Source, Text, Theme, TimelineEntry, WeeklyBrief


class Known(Enum):
    YES = "yes"        # certainly known by the day
    UNSURE = "unsure"  # its date is too imprecise to tell (or it has none)
    NO = "no"          # certainly published after the day


def first_day(date: PartialDate) -> dt.date:
    """The first day ``date`` may stand for: ``2025-10`` → 1 October 2025."""
    return dt.date(date.year, date.month or 1, date.day or 1)


def last_day(date: PartialDate) -> dt.date:
    """The last day ``date`` may stand for: ``2025-10`` → 31 October 2025."""
    month = date.month or 12
    return dt.date(date.year, month, date.day or calendar.monthrange(date.year, month)[1])


def known_on(date: PartialDate | None, day: dt.date) -> Known:
    """Whether something dated ``date`` (a publication, a measurement) was known on ``day``."""
    if date is None:
        return Known.UNSURE
    if last_day(date) <= day:
        return Known.YES
    if first_day(date) > day:
        return Known.NO
    return Known.UNSURE


def sources_limit(brief: WeeklyBrief) -> dt.date:
    """The last day a brief's sources may have been published: its date, or the day it was
    compiled when it was written after the fact."""
    return brief.compiled or brief.date


def cited_known(text: Text | None, sources: dict[str, Source], day: dt.date) -> Known:
    """The least certain of the texts' sources: NO if any came out after ``day``."""
    worst = Known.YES
    for key in text.keys if text is not None else ():
        known = known_on(sources[key].issued, day) if key in sources else Known.UNSURE
        if known is Known.NO:
            return Known.NO
        if known is Known.UNSURE:
            worst = Known.UNSURE
    return worst


def entry_shown(entry: TimelineEntry, brief: WeeklyBrief, sources: dict[str, Source]) -> bool:
    """Whether a brief may show a timeline entry: it happened by the brief's date (as far as
    its date tells) and every source it cites was known by the brief's sources limit."""
    if entry.week is None and known_on(entry.date, brief.date) is Known.NO:
        return False
    return cited_known(entry.text, sources, sources_limit(brief)) is Known.YES


def measured_shown(as_of: PartialDate | None, cite: Text | None, brief: WeeklyBrief,
                   sources: dict[str, Source]) -> bool:
    """Whether a brief may show a figure or a chart: what it measures was so by the brief's
    date (``as_of`` ends by then) and its sources were known by the sources limit."""
    if as_of is not None and known_on(as_of, brief.date) is not Known.YES:
        return False
    return cited_known(cite, sources, sources_limit(brief)) is Known.YES


def this_week(theme: Theme, brief: WeeklyBrief, sources: dict[str, Source]) -> tuple[TimelineEntry, ...]:
    """The theme's entries of the brief's week that the brief may show."""
    return tuple(e for e in theme.entries_in(brief.week) if entry_shown(e, brief, sources))


def earlier(theme: Theme, brief: WeeklyBrief, sources: dict[str, Source]) -> tuple[TimelineEntry, ...]:
    """The theme's entries before the brief's week that the brief may show, in order."""
    return tuple(e for e in theme.timeline if e.before(brief.week) and entry_shown(e, brief, sources))


def figures(theme: Theme, brief: WeeklyBrief, sources: dict[str, Source]) -> tuple[Figure, ...]:
    """The theme's figures a brief may show."""
    return tuple(f for f in theme.figures if measured_shown(f.as_of, f.cite, brief, sources))


def charts(theme: Theme, brief: WeeklyBrief, sources: dict[str, Source]) -> Iterable[tuple[int, object]]:
    """The theme's charts a brief may show, with their number in the theme (from 1)."""
    return [(number, chart) for number, chart in enumerate(theme.charts, start=1)
            if measured_shown(chart.as_of, chart.cite, brief, sources)]


def latest_issued(keys: Iterable[str], sources: dict[str, Source]) -> PartialDate | None:
    """The latest publication date among the sources ``keys`` name (by the last day it may stand for)."""
    dates = [sources[key].issued for key in keys if key in sources and sources[key].issued is not None]
    return max(dates, key=last_day, default=None)


def timing_problems(project, diagnostics) -> None:
    """Record where a weekly brief claims what was not known on its date.

    A citation in a brief's own text (its bottom line, its notes) of a source published
    after the brief (or after the day it was compiled) is an error; of a source whose date
    cannot tell, a warning. A timeline entry of the brief's week that cannot be shown
    because of its sources is a warning: the brief will not list it.
    """
    for brief in project.weekly.values():
        limit = sources_limit(brief)
        texts = [brief.bluf, *(ref.note for ref in brief.themes if ref.note)]
        for text in texts:
            for citation in text.citations:
                for item in citation.items:
                    _cited(diagnostics, item, project.sources.get(item.key), brief, limit)
        for ref in brief.themes:
            theme = project.themes[ref.id]
            for entry in theme.entries_in(brief.week):
                if not entry_shown(entry, brief, project.sources):
                    diagnostics.warning(ref.location, f"{brief.id} leaves out {theme.id}'s entry of {entry.date} "
                                                      f"({entry.location}): {_why_hidden(entry, brief, project)}")


def _why_hidden(entry: TimelineEntry, brief: WeeklyBrief, project) -> str:
    if entry.week is None and known_on(entry.date, brief.date) is Known.NO:
        return f"it is dated after the brief ({brief.date})"
    limit = sources_limit(brief)
    for key in entry.text.keys:
        source = project.sources.get(key)
        issued = source.issued if source is not None else None
        known = known_on(issued, limit)
        if known is Known.NO:
            return f"it cites '@{key}', published {issued}, after {limit}"
        if known is Known.UNSURE:
            return f"it cites '@{key}', {'published ' + str(issued) if issued else 'undated'}, which cannot tell " \
                   f"whether it was out by {limit}"
    return "it cannot be shown"  # not reached: an entry is hidden for its date or its sources


def _cited(diagnostics, item, source, brief, limit: dt.date) -> None:
    if source is None:
        return
    known = known_on(source.issued, limit)
    when = f"compiled {limit}" if brief.compiled else f"dated {limit}"
    if known is Known.NO:
        diagnostics.error(item.location, f"'@{item.key}' was published {source.issued}, after this brief "
                                         f"({when}); a brief written later gives 'compiled: YYYY-MM-DD'")
    elif known is Known.UNSURE:
        issued = f"published {source.issued}" if source.issued else "undated"
        diagnostics.warning(item.location, f"'@{item.key}' is {issued}: its date cannot tell whether it was "
                                           f"out by this brief ({when})")
