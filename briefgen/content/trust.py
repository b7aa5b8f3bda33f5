"""The records that make a brief trustworthy: key judgements in a calibrated yardstick, and
the clearance a weekly brief needs before it goes out.

A **judgement** states what the team judges (Markdown, may cite), how likely it is in a term
of the project's yardstick (``briefgen.content.yardstick``; none for a judgement that is not
a probability), with what confidence, and on what basis (the citations it rests on). Its
``id`` lets later briefs refer to it.

A weekly brief's **clearance** says whether it is a draft, in review or cleared; a cleared
brief records who cleared it, on which day, and the digest of what was cleared
(``briefgen.content.clearance``), so a later change cannot go out as cleared.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import ClassVar

from briefgen.content.fields import declared
from briefgen.content.kinds import Choice, Day, Markdown, Plain, Reference, Slug
from briefgen.content.values import NO_PLACES, NOWHERE, Places, Text
from briefgen.errors import Location

CONFIDENCE_LEVELS = ("low", "moderate", "high")
CLEARANCE_STATES = ("draft", "review", "cleared")


def _bookkeeping(default=NOWHERE):
    return dataclasses.field(default=default, compare=False, repr=False)


@dataclasses.dataclass(frozen=True)
class Judgement:
    """A key judgement: statement, likelihood (a yardstick term), confidence and basis."""

    WHAT: ClassVar[str] = "a judgement"

    id: str = declared(Slug(), required=True)
    statement: Text = declared(Markdown(), required=True)
    likelihood: str = declared(Plain(description="a term of the project's yardstick, e.g. 'likely'"))
    confidence: str = declared(Choice(CONFIDENCE_LEVELS, "confidence must be one of {choices}, not {value!r}"),
                               required=True)
    basis: Text = declared(Reference(), required=True)
    location: Location = _bookkeeping()
    places: Places = _bookkeeping(NO_PLACES)


@dataclasses.dataclass(frozen=True)
class Clearance:
    """Where a weekly brief stands on its way out: draft, in review, or cleared by whom and when."""

    WHAT: ClassVar[str] = "a clearance"

    state: str = declared(Choice(CLEARANCE_STATES, "clearance state must be one of {choices}, not {value!r}"),
                          required=True)
    by: str = declared(Plain(description="who cleared the brief: a name or a desk"))
    on: dt.date | None = declared(Day())
    digest: str = declared(Plain(description="written by `briefgen clear`: what was cleared"))
    location: Location = _bookkeeping()
    places: Places = _bookkeeping(NO_PLACES)

    @property
    def cleared(self) -> bool:
        return self.state == "cleared"


DRAFT = Clearance("draft")  # a brief that says nothing of its clearance has not been cleared
