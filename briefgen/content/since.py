"""What changed since the previous brief, computed from the content rather than written by hand.

A weekly brief is compared with the brief before it (by week; ``Project.previous``):

- per theme, the timeline **entries** this brief shows that the previous one could not have
  shown on its date, from the previous brief's week on: events after it, and events of its
  week first reported since (their sources came out later). An older event first sourced
  since is background, not news. What each brief may show follows ``briefgen.content.timing``,
  so nothing is listed that was not known by this brief's date;
- per theme, the **figures** whose latest value known by this brief differs from the latest
  known by the previous one (figures are matched by their label: record a new value as a
  new figure with the same label and its ``as_of``), and figures new since (measured from
  the previous brief's week on);
- the brief's **judgements**, matched by id, whose likelihood or confidence changed, those
  new since, and those the previous brief stated and this one no longer does.

What this draws from the previous brief — its number, date and judgements — is held by that
brief's own clearance; what it draws from the themes is what this brief shows, held by its.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from briefgen.content import timing
from briefgen.content.model import Figure, Source, Theme, TimelineEntry, WeeklyBrief
from briefgen.content.trust import Judgement


@dataclass(frozen=True)
class FigureChange:
    """A figure whose value changed (``old`` is the previous brief's), or that is new (``old`` None)."""

    label: str
    old: Figure | None
    new: Figure


@dataclass(frozen=True)
class ThemeChanges:
    """What a brief shows of one theme that the previous brief did not."""

    entries: tuple[TimelineEntry, ...]
    figures: tuple[FigureChange, ...]


@dataclass(frozen=True)
class JudgementChange:
    """A judgement of either brief, matched by id: ``old`` None when it is new, ``new`` None
    when it was dropped; both when its likelihood or confidence changed."""

    id: str
    old: Judgement | None
    new: Judgement | None


def shown_entries(theme: Theme, brief: WeeklyBrief, sources: dict[str, Source]) -> tuple[TimelineEntry, ...]:
    """Every entry of ``theme`` that ``brief`` may show, whether or not it names the theme."""
    return timing.earlier(theme, brief, sources) + timing.this_week(theme, brief, sources)


def theme_changes(theme: Theme, brief: WeeklyBrief, previous: WeeklyBrief,
                  sources: dict[str, Source]) -> ThemeChanges:
    """What ``brief`` shows of ``theme`` that ``previous`` could not have, in timeline order."""
    before = {id(entry) for entry in shown_entries(theme, previous, sources)}
    now = {id(entry) for entry in shown_entries(theme, brief, sources)}
    entries = tuple(entry for entry in theme.timeline
                    if id(entry) in now and id(entry) not in before and not entry.before(previous.week))
    old = latest_figures(timing.figures(theme, previous, sources))
    changes = []
    for key, figure in latest_figures(timing.figures(theme, brief, sources)).items():
        earlier = old.get(key)
        if earlier is None and not _measured_since(figure, previous):
            continue  # known now, but measured before the previous brief's week: background, not news
        if earlier is None or not same_words(earlier.value, figure.value):
            changes.append(FigureChange(figure.label, earlier, figure))
    return ThemeChanges(entries, tuple(changes))


def latest_figures(figures: tuple[Figure, ...]) -> dict[str, Figure]:
    """Each label's latest figure: the latest ``as_of`` (one without comes first), then the last written."""
    latest: dict[str, tuple[tuple, Figure]] = {}
    for index, figure in enumerate(figures):
        when = timing.last_day(figure.as_of) if figure.as_of is not None else dt.date.min
        key = _normal(figure.label)
        if key not in latest or (when, index) >= latest[key][0]:
            latest[key] = ((when, index), figure)
    ordered = sorted(latest.items(), key=lambda item: item[1][0][1])  # in the order the theme writes them
    return {key: figure for key, (_, figure) in ordered}


def judgement_changes(brief: WeeklyBrief, previous: WeeklyBrief) -> tuple[JudgementChange, ...]:
    """The brief's judgements new or changed since ``previous`` (in its order), then those dropped."""
    old = {judgement.id: judgement for judgement in previous.judgements}
    changes = []
    for judgement in brief.judgements:
        earlier = old.get(judgement.id)
        if earlier is None or not same_words(earlier.likelihood, judgement.likelihood) \
                or earlier.confidence != judgement.confidence:
            changes.append(JudgementChange(judgement.id, earlier, judgement))
    current = {judgement.id for judgement in brief.judgements}
    changes += [JudgementChange(j.id, j, None) for j in previous.judgements if j.id not in current]
    return tuple(changes)


def _measured_since(figure: Figure, previous: WeeklyBrief) -> bool:
    """Whether a figure may have been measured in the previous brief's week or later (one
    without ``as_of`` counts as current)."""
    return figure.as_of is None or timing.last_day(figure.as_of) >= previous.week.monday


def same_words(one: str, other: str) -> bool:
    """Whether two labels or likelihoods say the same, case and spacing aside."""
    return _normal(one) == _normal(other)


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()
