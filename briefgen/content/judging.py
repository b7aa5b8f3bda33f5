"""Judgements held to the yardstick: one scale of likelihood, a confidence, a basis, and no
judgement hidden in prose.

Errors: a ``likelihood`` that is not a term of the project's yardstick; two judgements with
one id in a document (a missing ``confidence`` or ``basis`` is refused by the reader).
Warnings: a judgement's statement that carries its own likelihood word (of any scale) or a
hedge ("may", "might", "could", "possibly", "perhaps"); a sentence of prose — a summary, an
assessment, key points, a bottom line, notes — that uses a yardstick term or states a
confidence, which belongs in a structured judgement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from briefgen.content.model import Project, Text
from briefgen.content.trust import Judgement
from briefgen.content.yardstick import BUILT_IN, NAMES, Yardstick
from briefgen.errors import Diagnostics, suggest

HEDGES = ("may", "might", "could", "possibly", "perhaps")
_CONFIDENCE = re.compile(r"\bwith\s+(?:\w+\s+){0,2}confidence\b|\b(?:low|moderate|medium|high)\s+confidence\b", re.I)


def judgement_errors(project: Project, yardstick: Yardstick, diagnostics: Diagnostics) -> None:
    """Record each likelihood outside ``yardstick`` and each id used twice in one document."""
    for judgements in _documents(project):
        seen: set[str] = set()
        for judgement in judgements:
            if judgement.id in seen:
                diagnostics.error(judgement.places.value("id", judgement.location),
                                  f"judgement id {judgement.id!r} is used twice in this document")
            seen.add(judgement.id)
            if judgement.likelihood and yardstick.term(judgement.likelihood) is None:
                diagnostics.error(judgement.places.value("likelihood", judgement.location),
                                  _unknown_term(judgement.likelihood, yardstick))


def judgement_warnings(project: Project, yardstick: Yardstick, diagnostics: Diagnostics) -> None:
    """Record hedges and likelihood words inside statements, and judgements made in prose."""
    words = _all_terms(yardstick)
    for judgements in _documents(project):
        for judgement in judgements:
            findings = list(_matches(judgement.statement.markdown, words + HEDGES))
            places = judgement.statement.places_of([(offset, len(found)) for offset, found in findings])
            for (_, found), place in zip(findings, places, strict=True):
                if found.lower() in HEDGES:
                    diagnostics.warning(place, f"hedge {found!r} in a judgement's statement: state the judgement "
                                               f"plainly and say how likely it is in 'likelihood'")
                else:
                    diagnostics.warning(place, f"likelihood word {found!r} in a judgement's statement: give the "
                                               f"likelihood in 'likelihood' only")
    for text in _prose(project):
        findings = list(_prose_findings(text.markdown, words))
        places = text.places_of([(offset, len(found)) for offset, found in findings])
        for (_, found), place in zip(findings, places, strict=True):
            diagnostics.warning(place, f"{found!r} states a judgement in prose: make it a structured judgement "
                                       f"(judgements: statement, likelihood, confidence, basis)")


def _unknown_term(words: str, yardstick: Yardstick) -> str:
    own = NAMES.get(yardstick.name, "the project's own scale")
    terms = ", ".join(t.words for t in yardstick.terms)
    for name, other in BUILT_IN.items():
        if other is not yardstick and other.term(words) is not None:
            return (f"likelihood {words!r} is a term of {NAMES[name]}; the project's yardstick is {own}: "
                    f"use one of {terms}")
    return f"likelihood {words!r} is not a term of {own}: use one of {terms}{suggest(words, yardstick.all_words())}"


def _all_terms(yardstick: Yardstick) -> tuple[str, ...]:
    """Every likelihood word of every scale, longest first so "highly likely" wins over "likely"."""
    words = {*yardstick.all_words(), *(w for scale in BUILT_IN.values() for w in scale.all_words())}
    return tuple(sorted(words, key=len, reverse=True))


def _matches(text: str, words: tuple[str, ...]) -> Iterator[tuple[int, str]]:
    for match in _pattern(words).finditer(_without_code(text)):
        yield match.start(), match.group(0)


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    """One expression for ``words`` (a space in a term matches any run of space), made once."""
    return re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b", re.I)


def _prose_findings(text: str, words: tuple[str, ...]) -> Iterator[tuple[int, str]]:
    yield from _matches(text, words)
    for match in _CONFIDENCE.finditer(_without_code(text)):
        yield match.start(), match.group(0)


def _without_code(text: str) -> str:
    """``text`` with code spans and quotations blanked (same length): words quoted are not ours."""
    return re.sub(r"`[^`]*`|“[^”]*”|\"[^\"]*\"|«[^»]*»", lambda m: " " * len(m.group(0)), text)


def _documents(project: Project) -> Iterator[tuple[Judgement, ...]]:
    for theme in project.themes.values():
        yield theme.judgements
    for brief in project.weekly.values():
        yield brief.judgements


def _prose(project: Project) -> Iterator[Text]:
    for theme in project.themes.values():
        yield theme.summary
        yield from theme.key_points
        if theme.assessment is not None:
            yield theme.assessment
    for brief in project.weekly.values():
        yield brief.bluf
        yield from (ref.note for ref in brief.themes if ref.note is not None)


def plain_words(markdown: str) -> str:
    """A statement's words without Markdown or citations, for the claim the Sources page lists."""
    text = re.sub(r"\s*\[[^\[\]]*@[^\[\]]*\]", "", markdown)
    return " ".join(re.sub(r"[*_`#>]", "", text).split())
