"""Rules of a weekly brief that span its fields: its week is its file name (an edition's,
``2025-W44.fr``, less its language), its date lies in its week, a brief compiled after the
fact was compiled on or after its date, and it names each theme once (a theme twice would
give the page the same ids twice)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefgen.content.editions import original_id
from briefgen.content.reader import Reader

if TYPE_CHECKING:  # the model declares these rules as the brief's own: it imports this module
    from briefgen.content.model import WeeklyBrief


def check_weekly(reader: Reader, brief: WeeklyBrief) -> bool:
    """Whether ``brief``'s week and date agree with its file name and with each other, and it
    names each theme once."""
    week, date, good = brief.week, brief.date, True
    if week and str(week) != original_id(brief.id):  # an edition, 2025-W44.fr, is of its original's week
        reader.error(brief.places.value("week"), f"week {week} does not match the file name {brief.id}.yaml")
        good = False
    if week and date and not week.contains(date):
        reader.error(brief.places.value("date"),
                     f"date {date} lies outside week {week} ({week.monday} to {week.sunday})")
        good = False
    first: dict[str, int] = {}
    for ref in brief.themes:
        if ref.id in first:
            reader.error(ref.location, f"theme {ref.id!r} is named twice in this brief (first at line {first[ref.id]})")
            good = False
        first.setdefault(ref.id, ref.location.line)
    if date and brief.compiled and brief.compiled < date:
        reader.error(brief.places.value("compiled"),
                     f"'compiled' ({brief.compiled}) is before the brief's date ({date}): a brief compiled "
                     f"after the fact gives the later day it was written")
        good = False
    return good
