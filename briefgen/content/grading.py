"""How good a source is: a grade in the project's grading scheme.

The default scheme is the NATO/Admiralty system: a letter for the source's reliability
(A completely reliable … E unreliable, F cannot be judged) and a digit for the information's
credibility (1 confirmed by other sources … 5 improbable, 6 cannot be judged), as ``B2``.
A project may set its own scheme instead, a table of grades and what each means:

    [grading]
    high = "Named outlet, first-hand reporting"
    low = "Unnamed outlet or machine translation"
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.content.settings import SettingKind
from briefgen.errors import suggest

ADMIRALTY = "admiralty"
_ADMIRALTY_GRADE = re.compile(r"^[A-F][1-6]$")


@dataclass(frozen=True)
class Grading:
    """A grading scheme: ``admiralty``, or the project's own ``grades`` (grade → meaning)."""

    scheme: str = ADMIRALTY
    grades: tuple[tuple[str, str], ...] = ()

    def problem(self, grade: str) -> str:
        """Why ``grade`` is not a grade of this scheme ("" when it is one)."""
        if self.scheme == ADMIRALTY:
            if _ADMIRALTY_GRADE.match(grade):
                return ""
            return (f"grade {grade!r} is not a NATO/Admiralty grade: a reliability letter A–F and a "
                    f"credibility digit 1–6, such as B2")
        names = [name for name, _ in self.grades]
        if grade in names:
            return ""
        return f"grade {grade!r} is not in the project's grading scheme ({', '.join(names)}){suggest(grade, names)}"

    def meaning(self, grade: str, labels: dict) -> str:
        """What ``grade`` means, in the words of ``labels``: "usually reliable; probably true"."""
        if self.scheme == ADMIRALTY:
            words = labels["grading"]
            return f"{words['reliability'][grade[0]]}; {words['credibility'][grade[1]]}"
        return dict(self.grades).get(grade, "")


class GradingSetting(SettingKind):
    """``grading = "admiralty"`` (the default), or a ``[grading]`` table of the project's own grades."""

    def read(self, place, key, value):
        if value == ADMIRALTY:
            return Grading()
        if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
            return Grading("custom", tuple((str(name), text.strip()) for name, text in value.items()))
        place.error(key, f"{key!r} must be \"admiralty\" or a [grading] table of grades and their meanings, "
                         f"such as high = \"Named outlet, first-hand reporting\"")
        return None
