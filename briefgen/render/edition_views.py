"""What a document shows of its language editions (``briefgen.content.editions``): the links
between them, as ``<link rel="alternate" hreflang>`` and a visible language switch."""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.content.editions import edition_lang, family
from briefgen.content.model import Project
from briefgen.labels import Catalogues


@dataclass(frozen=True)
class EditionLink:
    """One language edition of a document, as the document links to it."""

    lang: str      # its language tag: ``hreflang`` and ``lang``
    name: str      # the language's name in itself: "English", "Français"
    href: str      # its address, as seen from the document
    current: bool  # the document itself
    url: str = ""  # its full address, when the site has one; else ``href``


def edition_links(project: Project, kind: str, doc_id: str, links: dict[str, str], catalogues: Catalogues,
                  labels: dict, urls: dict[str, str] | None = None) -> tuple[EditionLink, ...]:
    """The editions of ``kind/doc_id`` (its original and the original's other editions, itself
    included) that ``links`` gives an address for ("weekly/2025-W44.fr" → URL; ``urls``: full
    addresses); none unless there are at least two."""
    members = [(i, links[f"{kind}/{i}"]) for i in family(project.ids.get(kind, (doc_id,)), doc_id)
               if f"{kind}/{i}" in links]
    if len(members) < 2:
        return ()
    found = []
    for member, href in members:
        lang = language_of(project, kind, member)
        name = catalogues.language_name(lang) or labels["language_names"].get(lang.split("-")[0].lower(), lang)
        found.append(EditionLink(lang, name, href, member == doc_id, (urls or {}).get(f"{kind}/{member}", href)))
    return tuple(found)


def language_of(project: Project, kind: str, doc_id: str) -> str:
    """A document's language: an edition's is in its name; an original's is its own or the project's."""
    lang = edition_lang(doc_id)
    if lang:
        return lang
    records = project.themes if kind == "themes" else project.weekly
    record = records.get(doc_id)
    return (record.lang if record is not None else "") or project.lang
