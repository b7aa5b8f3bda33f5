"""Stage 3: the views templates receive — here, timeline entries made only when read."""

import datetime as dt
from pathlib import Path

import pytest

from briefgen.content.citations import Numbering
from briefgen.content.model import IsoWeek, PartialDate, Text, TimelineEntry
from briefgen.errors import Location
from briefgen.render.citer import Citer
from briefgen.render.views import Entries, EntryView

WEEK = IsoWeek(2025, 43)


def entry(day: str, text: str) -> TimelineEntry:
    year, month, date = (int(part) for part in day.split("-"))
    return TimelineEntry(PartialDate(year, month, date), Text(text, Location("t.yaml", 1, 1)))


@pytest.fixture
def entries() -> Entries:
    items = [entry("2025-10-13", "Before."), entry("2025-10-20", "Monday."), entry("2025-10-26", "Sunday."),
             entry("2025-10-27", "After.")]
    return Entries(items, Citer(Numbering({}), "en", Path(".")), WEEK)


def test_entries_read_like_a_tuple_of_views(entries):
    assert len(entries) == 4 and bool(entries)
    assert [view.this_week for view in entries] == [False, True, True, False]
    assert entries[-1].date == PartialDate(2025, 10, 27)
    assert [view.date.day for view in entries[-3:]] == [20, 26, 27]
    assert isinstance(entries[1:3], tuple) and len(entries[1:3]) == 2
    assert entries[::-1][0] is entries[3]
    assert list(reversed(entries)) == list(entries)[::-1]
    with pytest.raises(IndexError):
        entries[4]
    assert isinstance(entries[0], EntryView)


def test_an_entry_view_is_made_once_and_only_when_read(entries):
    assert entries._views == {}
    first = entries[0]
    assert entries[0] is first and entries[-4] is first
    assert list(entries._views) == [0]


def test_without_a_week_no_entry_is_this_weeks():
    items = [entry("2025-10-20", "Monday.")]
    assert [view.this_week for view in Entries(items, Citer(Numbering({}), "en", Path(".")))] == [False]


def test_falls_in_and_before_agree_with_the_calendar():
    week = IsoWeek(2025, 1)  # Monday 30 December 2024 to Sunday 5 January 2025
    assert week.monday == dt.date(2024, 12, 30) and week.sunday == dt.date(2025, 1, 5)
    assert entry("2024-12-30", "x").falls_in(week) and entry("2025-01-05", "x").falls_in(week)
    assert not entry("2024-12-29", "x").falls_in(week) and entry("2024-12-29", "x").before(week)
    assert not entry("2025-01-06", "x").falls_in(week) and not entry("2025-01-06", "x").before(week)
    undated_day = TimelineEntry(PartialDate(2025, 1), Text("x", Location("t.yaml")))
    assert not undated_day.falls_in(week) and not undated_day.before(week)
