""""Since No. N" as templates receive it: per theme, and on the brief's judgements.

A theme section's ``since`` lists the entries new since the previous brief other than this
week's (shown just above it, under "This week"), the figures new or changed (old → new),
and says in one line when nothing else is new. A judgement new or changed since says so on
the judgement; those the previous brief stated and this one does not are listed after them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.content.judging import plain_words
from briefgen.content.model import PartialDate, Source, Theme, WeeklyBrief
from briefgen.content.since import JudgementChange, judgement_changes, same_words, theme_changes
from briefgen.content.timing import this_week
from briefgen.content.yardstick import Yardstick
from briefgen.labels import format_date
from briefgen.render.citer import Citer, Rich
from briefgen.render.claims import Frame
from briefgen.render.entries import Entries, EntryView
from briefgen.render.judgement_views import JudgementView, likelihood_words


@dataclass(frozen=True)
class FigureChangeView:
    label: str
    old: str  # the value the previous brief knew; "" for a figure new since
    new: str
    as_of: PartialDate | None
    cite: Rich | None


@dataclass(frozen=True)
class SinceView:
    """What a theme section says under "Since No. N"."""

    number: int                         # the previous brief's
    date: dt.date                       # the previous brief's
    heading: str                        # "Since No. 3"
    entries: Sequence[EntryView]        # new since, other than this week's
    entries_label: str                  # "Also new since No. 3 (24 October 2025):"
    figures: tuple[FigureChangeView, ...]
    figures_label: str
    line: str                           # "Nothing new since No. 3 (24 October 2025)." when nothing is
    new_ids: frozenset[int] = frozenset()  # the ids of every entry new since, for the background


@dataclass(frozen=True)
class DroppedView:
    statement: str  # the previous brief's statement, as plain words
    grade: str      # "(was: Likely, moderate confidence)"


@dataclass(frozen=True)
class JudgementsSince:
    """The brief's judgements with what changed since the previous brief, and those dropped."""

    judgements: tuple[JudgementView, ...]
    dropped_label: str
    dropped: tuple[DroppedView, ...]


def theme_since(theme: Theme, brief: WeeklyBrief, previous: WeeklyBrief, sources: dict[str, Source],
                citer: Citer, labels: dict) -> SinceView:
    """What ``brief`` shows of ``theme`` that ``previous`` did not (``briefgen.content.since``)."""
    changes = theme_changes(theme, brief, previous, sources)
    heading = labels["since"].format(number=previous.number)
    frame = Frame((theme.title, heading), f"theme-{theme.id}")
    current = {id(entry) for entry in this_week(theme, brief, sources)}
    others = tuple(entry for entry in changes.entries if id(entry) not in current)
    figures = tuple(FigureChangeView(
        change.label, change.old.value if change.old else "", change.new.value, change.new.as_of,
        Rich(change.new.cite, citer, Frame(frame.section, frame.anchor, whole=f"{change.label} {change.new.value}"))
        if change.new.cite else None) for change in changes.figures)
    words = {"number": previous.number, "date": format_date(previous.date, labels)}
    line = ""
    if not others and not figures:
        line = labels["since_nothing_else" if len(changes.entries) > len(others) else "since_nothing"].format(**words)
    return SinceView(previous.number, previous.date, heading, Entries(others, citer, brief.week, frame, labels),
                     labels["since_entries"].format(**words), figures, labels["since_figures"].format(**words),
                     line, frozenset(id(entry) for entry in changes.entries))


def judgements_since(views: tuple[JudgementView, ...], brief: WeeklyBrief, previous: WeeklyBrief,
                     yardstick: Yardstick, labels: dict) -> JudgementsSince:
    """``views`` of the brief's judgements, each new or changed one saying so, and those dropped."""
    changes = {change.id: change for change in judgement_changes(brief, previous)}
    number = previous.number
    marked = tuple(dataclasses.replace(view, since=_said(changes[view.id], number, yardstick, labels))
                   if view.id in changes else view for view in views)
    dropped = tuple(DroppedView(plain_words(c.old.statement.markdown), labels["since_dropped_grade"].format(
        grade=_grade(c.old.likelihood, c.old.confidence, yardstick, labels)))
        for c in changes.values() if c.new is None and c.old is not None)
    return JudgementsSince(marked, labels["since_judgements_dropped"].format(number=number), dropped)


def _said(change: JudgementChange, number: int, yardstick: Yardstick, labels: dict) -> str:
    old, new = change.old, change.new
    if old is None:
        return labels["since_judgement_new"].format(number=number)
    parts = []
    if not same_words(old.likelihood, new.likelihood):
        parts.append(labels["since_likelihood"].format(old=_likelihood(old.likelihood, yardstick, labels),
                                                       new=_likelihood(new.likelihood, yardstick, labels)))
    if old.confidence != new.confidence:
        names = labels["confidence_names"]
        parts.append(labels["since_confidence"].format(old=names[old.confidence].lower(),
                                                       new=names[new.confidence].lower()))
    return labels["since_judgement_changed"].format(number=number, changes="; ".join(parts))


def _likelihood(words: str, yardstick: Yardstick, labels: dict) -> str:
    return likelihood_words(words, yardstick, labels).lower() if words else labels["since_no_likelihood"]


def _grade(likelihood: str, confidence: str, yardstick: Yardstick, labels: dict) -> str:
    level = labels["confidence_levels"][confidence]
    if not likelihood:
        return level
    return f"{likelihood_words(likelihood, yardstick, labels)}, {level[:1].lower()}{level[1:]}"
