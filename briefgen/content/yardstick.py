"""How likely, in words a reader can calibrate: the yardstick a project's judgements use.

A yardstick is a fixed scale of likelihood terms, each standing for a range of probability.
Two are built in, with the ranges published with them:

- ``phia`` (the default): the UK Professional Head of Intelligence Assessment (PHIA)
  Probability Yardstick — remote chance (≈0–5%), highly unlikely (10–20%), unlikely
  (25–35%), realistic possibility (40–50%), likely or probably (55–75%), highly likely
  (80–90%), almost certain (95–100%). The gaps between ranges are the yardstick's own.
- ``icd203``: the expressions of likelihood of US Intelligence Community Directive 203,
  *Analytic Standards* (ODNI, 2 January 2015) — almost no chance (1–5%), very unlikely
  (5–20%), unlikely (20–45%), roughly even chance (45–55%), likely (55–80%), very likely
  (80–95%), almost certain(ly) (95–99%). Its second row of terms (remote, highly
  improbable, improbable, roughly even odds, probable, highly probable, nearly certain)
  is accepted as the same ranges.

A project may define its own scale in ``briefgen.toml``::

    [yardstick]
    "even chance" = [45, 55]
    "likely" = [55, 80]
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.content.settings import SettingKind


@dataclass(frozen=True)
class Term:
    """One likelihood term and the range of probability (in per cent) it stands for."""

    words: str
    low: int
    high: int
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.words, *self.aliases)


@dataclass(frozen=True)
class Yardstick:
    """A scale of likelihood terms: ``name`` is ``phia``, ``icd203`` or ``custom``."""

    name: str
    terms: tuple[Term, ...]
    approximate: bool = False  # its ranges are approximate ("≈55–75%"), as the PHIA yardstick says

    def term(self, words: str) -> Term | None:
        """The term ``words`` names in this yardstick (case and spacing do not matter), or None."""
        wanted = " ".join(words.lower().split())
        return next((t for t in self.terms if wanted in t.names()), None)

    def all_words(self) -> tuple[str, ...]:
        return tuple(name for term in self.terms for name in term.names())


PHIA = Yardstick("phia", (
    Term("remote chance", 0, 5),
    Term("highly unlikely", 10, 20),
    Term("unlikely", 25, 35),
    Term("realistic possibility", 40, 50),
    Term("likely", 55, 75, ("probably", "likely or probably")),
    Term("highly likely", 80, 90),
    Term("almost certain", 95, 100),
), approximate=True)
ICD203 = Yardstick("icd203", (
    Term("almost no chance", 1, 5, ("remote",)),
    Term("very unlikely", 5, 20, ("highly improbable",)),
    Term("unlikely", 20, 45, ("improbable", "improbably")),
    Term("roughly even chance", 45, 55, ("roughly even odds",)),
    Term("likely", 55, 80, ("probable", "probably")),
    Term("very likely", 80, 95, ("highly probable",)),
    Term("almost certain", 95, 99, ("almost certainly", "nearly certain")),
))
BUILT_IN = {"phia": PHIA, "icd203": ICD203}
NAMES = {"phia": "the PHIA Probability Yardstick", "icd203": "ICD 203"}  # in messages


class YardstickSetting(SettingKind):
    """``yardstick = "phia"`` (the default) or ``"icd203"``, or a ``[yardstick]`` table of terms and ranges."""

    def read(self, place, key, value):
        if isinstance(value, str) and value in BUILT_IN:
            return BUILT_IN[value]
        if isinstance(value, dict) and value and all(_is_range(v) for v in value.values()):
            terms = tuple(Term(" ".join(str(name).lower().split()), int(v[0]), int(v[1])) for name, v in value.items())
            return Yardstick("custom", tuple(sorted(terms, key=lambda t: (t.low, t.high))))
        place.error(key, f"{key!r} must be \"phia\", \"icd203\" or a [yardstick] table of terms and ranges "
                         f"in per cent, such as likely = [55, 80]")
        return None


def _is_range(value) -> bool:
    return (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)
            and 0 <= value[0] <= value[1] <= 100)
