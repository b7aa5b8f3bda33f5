"""The weekly cycle: which brief comes next, what it starts with, and what cannot go out unedited.

``briefgen new weekly`` starts the brief of the week after the latest one (or of a week
given): the next number, the Friday of that week as its date, the themes that have
timeline entries in that week, the latest brief's handling, authors and language, a draft
clearance, and placeholders — the word ``TODO`` — where an editor must write. ``briefgen
new theme`` starts a theme the same way. A placeholder left in a theme or a brief is an
error (``placeholder_errors``), so an unedited file never goes out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterator

from briefgen.content.editions import edition_lang, split_id
from briefgen.content.fields import fields_of
from briefgen.content.model import IsoWeek, Project, Text, Theme, WeeklyBrief
from briefgen.content.reader import WEEK
from briefgen.errors import Diagnostics, Location

PLACEHOLDER = "TODO"
_PLACEHOLDER = re.compile(rf"\b{PLACEHOLDER}\b")
FRIDAY = 5


def parse_week(text: str) -> IsoWeek | None:
    """``2025-W46`` as an ``IsoWeek``; None when it is not an ISO week that exists."""
    match = WEEK.match(text.strip())
    if not match:
        return None
    year, week = int(match.group(1)), int(match.group(2))
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    return IsoWeek(year, week)


def week_of(day: dt.date) -> IsoWeek:
    """The ISO week ``day`` falls in."""
    year, week, _ = day.isocalendar()
    return IsoWeek(year, week)


def week_after(week: IsoWeek) -> IsoWeek:
    """The next ISO week: ``2025-W52`` → ``2026-W01``, ``2026-W53`` → ``2027-W01``."""
    return week_of(week.monday + dt.timedelta(days=7))


def friday(week: IsoWeek) -> dt.date:
    """The Friday of ``week``: a weekly brief's default date."""
    return dt.date.fromisocalendar(week.year, week.week, FRIDAY)


def previous_id(brief_id: str, brief_ids) -> str | None:
    """The id of the brief before ``brief_id`` among ``brief_ids`` (ISO weeks sort as text). A
    language edition's is the previous issue's edition in its language, else that issue's
    original; never its own original (``briefgen.content.editions``)."""
    original, lang = split_id(brief_id)
    ids = set(brief_ids)
    before = max((other for other in ids if not edition_lang(other) and other < original), default=None)
    if before is not None and lang and f"{before}.{lang}" in ids:
        return f"{before}.{lang}"
    return before


def weekly_text(week: IsoWeek, number: int, latest: WeeklyBrief | None, themes: list[tuple[Theme, int]]) -> str:
    """The YAML of a new weekly brief for ``week``: ``themes`` are (theme, entries that week);
    a theme with none gets a note to write. Handling, authors and language follow ``latest``."""
    lines = [f"number: {number}", f'week: "{week}"', f'date: "{friday(week).isoformat()}"',
             f"title: {_quoted(PLACEHOLDER + ': the brief’s headline')}"]
    if latest is not None and latest.handling:
        lines.append(f"handling: {_quoted(latest.handling)}")
    if latest is not None and latest.authors:
        lines += ["authors:", *(f"  - {_quoted(author)}" for author in latest.authors)]
    if latest is not None and latest.lang:
        lines.append(f"lang: {latest.lang}")
    lines += ["bluf: >-", f"  {PLACEHOLDER}: the bottom line up front — what happened, why it matters, what to",
              "  watch — readable in thirty seconds, every fact cited.", "themes:"]
    for theme, count in themes:
        if count:
            lines.append(f"  - id: {theme.id}  # {count} timeline entr{'y' if count == 1 else 'ies'} this week")
        else:
            lines += [f"  - id: {theme.id}", "    note: >-",
                      f"      {PLACEHOLDER}: no timeline entry of this theme falls in this week: say why it",
                      "      is here, or remove it."]
    lines += ["clearance:", "  state: draft"]
    return "\n".join(lines) + "\n"


def theme_text(title: str, today: dt.date) -> str:
    """The YAML of a new theme: what it needs, with placeholders, and the optional parts commented."""
    heading = _quoted(title) if title else _quoted(PLACEHOLDER + ": the theme’s title")
    return "\n".join([
        f"title: {heading}",
        "summary: >-",
        f"  {PLACEHOLDER}: a 120–200-word overview, every fact cited.",
        "status: developing",
        f'updated: "{today.isoformat()}"',
        "tags: []",
        "key_points:",
        f"  - {_quoted(PLACEHOLDER + ': five to eight cited points.')}",
        "timeline:",
        f'  # - date: "{today.isoformat()}"',
        "  #   text: What happened [@source-key].",
        "# figures:",
        "#   - label: What is measured",
        "#     value: \"3.5 million\"",
        f'#     as_of: "{today.isoformat()}"',
        '#     cite: "[@source-key]"',
        "open_questions:",
        f"  - {_quoted(PLACEHOLDER + ': what to watch.')}",
    ]) + "\n"


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def themes_for(week: IsoWeek, project: Project, latest: WeeklyBrief | None) -> list[tuple[Theme, int]]:
    """The themes a new brief of ``week`` starts with, and how many timeline entries each has
    that week: those with entries, most first; when none has any, the latest brief's themes."""
    counted = [(theme, len(theme.entries_in(week))) for theme in project.themes.values()]
    busy = sorted(((t, n) for t, n in counted if n), key=lambda item: (-item[1], item[0].id))
    if busy:
        return busy
    if latest is not None:
        return [(project.themes[ref.id], 0) for ref in latest.themes if ref.id in project.themes]
    return sorted(counted, key=lambda item: item[0].id)


def placeholder_errors(project: Project, diagnostics: Diagnostics) -> None:
    """Record every placeholder left in a theme or a weekly brief, at the placeholder itself."""
    for document in (*project.themes.values(), *project.weekly.values()):
        for where, key in _placeholders(document):
            diagnostics.error(where, f"'{key}' still holds the placeholder {PLACEHOLDER} that `briefgen new` "
                                     f"left: write it before the document goes out")


def _placeholders(record) -> Iterator[tuple[Location, str]]:
    for field in fields_of(type(record)):
        if not field.internal:  # the team's own notes may say TODO: they never go out
            value = getattr(record, field.attribute)
            yield from _in_value(value, record.places.value(field.key, record.location), field.key)


def _in_value(value, where: Location, key: str) -> Iterator[tuple[Location, str]]:
    if isinstance(value, Text):
        match = _PLACEHOLDER.search(value.markdown)
        if match:
            yield value.place_of(match.start(), len(match.group())), key
    elif isinstance(value, str):
        if _PLACEHOLDER.search(value):
            yield where, key
    elif isinstance(value, tuple):
        for item in value:
            yield from _in_value(item, where, key)
    elif dataclasses.is_dataclass(value) and fields_of(type(value)):
        yield from _placeholders(value)
