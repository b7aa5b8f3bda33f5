"""Key judgements as templates receive them, and the yardstick annex a document that states
one ends with.

A judgement shows its statement, then — apart, never in the same sentence, as ICD 203 asks
— its likelihood (the yardstick's term and the range it stands for) and its confidence,
and the sources it rests on. Every word comes from the label catalogue, so a French note
reads "Probable (55–75 %)".
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.content.judging import plain_words
from briefgen.content.trust import CONFIDENCE_LEVELS, Judgement
from briefgen.content.yardstick import Term, Yardstick
from briefgen.render.citer import Citer, Rich
from briefgen.render.claims import Frame

HEADING = "key-judgements-heading"


@dataclass(frozen=True)
class JudgementView:
    id: str
    statement: Rich
    likelihood: str   # the yardstick's term in the document's words, capitalised ("" when none)
    range: str        # what it stands for: "55–75%"
    confidence: str   # "low", "moderate" or "high"
    confidence_label: str  # "Low"
    basis: Rich
    since: str = ""   # what changed since the previous brief: "New since No. 3." ("" when nothing)


@dataclass(frozen=True)
class TermView:
    words: str
    range: str


@dataclass(frozen=True)
class YardstickView:
    """The annex: the scale's name and where it comes from, its terms, and the confidence levels."""

    name: str
    terms: tuple[TermView, ...]
    confidence: tuple[tuple[str, str], ...]  # (label, meaning), low to high


def judgement_views(judgements: tuple[Judgement, ...], citer: Citer, yardstick: Yardstick, labels: dict,
                    section: tuple[str, ...] = ()) -> tuple[JudgementView, ...]:
    """The views of ``judgements``; ``section`` names the headings they stand under."""
    frame = Frame((*section, labels["key_judgements"]), HEADING)
    views = []
    for judgement in judgements:
        term = yardstick.term(judgement.likelihood) if judgement.likelihood else None
        whole = Frame(frame.section, frame.anchor, whole=plain_words(judgement.statement.markdown))
        views.append(JudgementView(
            id=judgement.id, statement=Rich(judgement.statement, citer, frame),
            likelihood=_words(term, labels) if term else "", range=_range(term, yardstick, labels) if term else "",
            confidence=judgement.confidence, confidence_label=labels["confidence_names"][judgement.confidence],
            basis=Rich(judgement.basis, citer, whole)))
    return tuple(views)


def yardstick_view(yardstick: Yardstick, labels: dict) -> YardstickView:
    """What the annex explains, in the document's words."""
    name = labels["yardstick_names"].get(yardstick.name, labels["yardstick_names"]["custom"])
    terms = tuple(TermView(_words(term, labels), _range(term, yardstick, labels)) for term in yardstick.terms)
    meanings = tuple((labels["confidence_levels"][level], labels["confidence_meanings"][level])
                     for level in CONFIDENCE_LEVELS)
    return YardstickView(name, terms, meanings)


def likelihood_words(words: str, yardstick: Yardstick, labels: dict) -> str:
    """A likelihood as the document words it, capitalised ("Realistic possibility"); as written
    when it is not a term of ``yardstick``."""
    term = yardstick.term(words)
    return _words(term, labels) if term else words


def _words(term: Term, labels: dict) -> str:
    words = labels["yardstick_terms"].get(term.words, term.words)
    return words[:1].upper() + words[1:]


def _range(term: Term, yardstick: Yardstick, labels: dict) -> str:
    text = labels["percent_range"].format(low=term.low, high=term.high)
    return "≈" + text if yardstick.approximate else text
