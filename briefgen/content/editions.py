"""Language editions: ``2025-W44.fr.yaml`` beside ``2025-W44.yaml``, ``x.fr.yaml`` beside ``x.yaml``.

An edition is the same document in another language. Its id is the original's id and its
language, joined by a dot (``2025-W44.fr``); it renders beside the original
(``out/weekly/2025-W44.fr.html``) and each links to the others. A weekly edition is the
same issue — same week, number and date, the same themes in the same order — with its own
title, bottom line, notes, judgements and clearance; its handling line, when it gives
none, is the original's. For each theme it shows the theme's edition in its language
when there is one, else the original theme (marked in that theme's language). Sources are
shared: every edition cites the one bibliography.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from briefgen.errors import Diagnostics, Location

if TYPE_CHECKING:  # the model's rules use ``original_id``: the model is imported only for types
    from briefgen.content.model import Project, Theme, WeeklyBrief

EDITION = re.compile(r"^(?P<original>[^.]+)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$")


def split_id(doc_id: str) -> tuple[str, str]:
    """``("2025-W44", "fr")`` for ``2025-W44.fr``; ``("2025-W44", "")`` for an original."""
    match = EDITION.match(doc_id)
    return (match.group("original"), match.group("lang")) if match else (doc_id, "")


def original_id(doc_id: str) -> str:
    """The id of the original a document is an edition of (its own id for an original)."""
    return split_id(doc_id)[0]


def edition_lang(doc_id: str) -> str:
    """The language of an edition, from its id; "" for an original."""
    return split_id(doc_id)[1]


def family(ids: Iterable[str], doc_id: str) -> tuple[str, ...]:
    """The original of ``doc_id`` and all its editions among ``ids``: the original first,
    then the editions by language."""
    original = original_id(doc_id)
    members = {i for i in ids if original_id(i) == original}
    return tuple(sorted(members, key=lambda i: (bool(edition_lang(i)), edition_lang(i).lower())))


def same_language(one: str, other: str) -> bool:
    """Whether two language tags name the same language (case does not matter in tags)."""
    return one.lower() == other.lower()


def with_themes_in_its_language(brief: WeeklyBrief, theme_ids: Iterable[str]) -> WeeklyBrief:
    """``brief`` (an edition) naming, for each of its themes, the theme's edition in its
    language when ``theme_ids`` has one; the original theme otherwise."""
    lang = edition_lang(brief.id)
    if not lang:
        return brief
    known = {i.lower(): i for i in theme_ids}
    refs = tuple(dataclasses.replace(ref, id=known.get(f"{ref.id}.{lang}".lower(), ref.id)) for ref in brief.themes)
    return dataclasses.replace(brief, themes=refs)


def in_its_language(record: Theme | WeeklyBrief, diagnostics: Diagnostics) -> Theme | WeeklyBrief | None:
    """An edition with the language its file name gives: ``lang`` may be left out, and when
    given must agree (an error otherwise; None then). An original is returned as it is."""
    lang = edition_lang(record.id)
    if not lang:
        return record
    if not record.lang:
        return dataclasses.replace(record, lang=lang)
    if not same_language(record.lang, lang):
        diagnostics.error(record.places.value("lang", record.location),
                          f"lang {record.lang!r} does not match the language of the file name "
                          f"{record.id}.yaml ({lang!r}): an edition's language is its file name's")
        return None
    return record


def edition_problems(project: Project, default_lang: str, diagnostics: Diagnostics) -> None:
    """Record every edition that does not agree with its original: in the original's own
    language; for a weekly brief, another week, number, date or list of themes."""
    for records, kind in ((project.themes, "themes"), (project.weekly, "weekly")):
        for record in list(records.values()):
            original = records.get(original_id(record.id)) if edition_lang(record.id) else None
            if original is None:
                continue
            if same_language(original.lang or default_lang, record.lang):
                diagnostics.error(record.places.value("lang", record.location),
                                  f"{record.id} is an edition in {record.lang!r}, the language of its original "
                                  f"{original.path}: an edition is in another language")
            if kind == "weekly":
                _same_issue(record, original, diagnostics)


def _same_issue(edition: WeeklyBrief, original: WeeklyBrief, diagnostics: Diagnostics) -> None:
    """An edition of a weekly brief is the same issue: same number and date, same themes."""
    for key in ("number", "date"):
        mine, theirs = getattr(edition, key), getattr(original, key)
        if mine != theirs:
            diagnostics.error(edition.places.value(key, edition.location),
                              f"{key} {mine} differs from the original's ({theirs} in {original.path}): "
                              f"an edition is the same issue in another language")
    mine = tuple(original_id(ref.id) for ref in edition.themes)
    theirs = tuple(ref.id for ref in original.themes)
    if mine != theirs:
        diagnostics.error(edition.places.value("themes", edition.location),
                          f"the edition's themes ({', '.join(mine)}) differ from the original's "
                          f"({', '.join(theirs)} in {original.path}): an edition covers the same themes, "
                          f"in the same order")


def handling_of(brief: WeeklyBrief, project: Project, default: str, default_lang: str) -> tuple[str, str]:
    """The handling line a brief prints and its language: its own; else, for an edition, its
    original's (in the original's language); else the project's ``default`` (in ``default_lang``)."""
    if brief.handling:
        return brief.handling, brief.lang or project.lang
    original = project.weekly.get(original_id(brief.id)) if edition_lang(brief.id) else None
    if original is not None and original.handling:
        return original.handling, original.lang or project.lang
    return default, default_lang


def orphan_problem(kind: str, doc_id: str, display: str, diagnostics: Diagnostics) -> None:
    """Record an edition whose original does not exist."""
    original = original_id(doc_id)
    diagnostics.error(Location(display),
                      f"{doc_id} is an edition of {original}, but briefs/{kind}/{original}.yaml does not exist: "
                      f"an edition sits beside its original")
