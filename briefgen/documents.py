"""Render each theme and weekly brief to its final HTML, for the screen or for print."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from briefgen import __version__
from briefgen import labels as label_catalogue
from briefgen.citations import Numbering
from briefgen.model import Project
from briefgen.project import Selection
from briefgen.present import CitedSources, brief_view, theme_view
from briefgen.templating import render


class Medium(str, Enum):
    SCREEN = "screen"  # the HTML file: linked stylesheet, links to other documents
    PRINT = "print"    # the HTML WeasyPrint lays out: stylesheets given separately, no relative links


@dataclass(frozen=True)
class Document:
    """A document to produce: ``kind`` is "themes" or "weekly"; output goes to ``kind/id``."""

    kind: str
    id: str
    source_path: str
    title: str
    lang: str

    @property
    def output_stem(self) -> str:
        return f"{self.kind}/{self.id}"


def documents(project: Project, selection: Selection) -> list[Document]:
    """The selected documents, themes first, each kind in id order."""
    themes = [Document("themes", t.id, t.path, t.title, t.lang)
              for t in project.themes.values() if t.id in selection.themes]
    weekly = [Document("weekly", b.id, b.path, b.title, b.lang)
              for b in project.weekly.values() if b.id in selection.weekly]
    return sorted(themes, key=lambda d: d.id) + sorted(weekly, key=lambda d: d.id)


def render_html(env, project: Project, document: Document, medium: Medium, stylesheets: list[str]) -> str:
    """The document's HTML. Sources are numbered in the order the template cites them."""
    numbering = Numbering(project.sources)
    context = _context(project, document, numbering, medium, stylesheets)
    name = "theme.html" if document.kind == "themes" else "weekly.html"
    html = render(env, name, context, document.source_path)
    if context["sources"].stale:  # the template listed sources before its last citation
        context["sources"] = CitedSources(numbering)
        html = render(env, name, context, document.source_path)
    return html


def _context(project: Project, document: Document, numbering: Numbering, medium: Medium,
             stylesheets: list[str]) -> dict:
    labels = label_catalogue.catalogue(document.lang)
    meta = {"kind": document.kind, "id": document.id, "title": document.title, "lang": document.lang,
            "medium": medium.value, "handling": "", "authors": (), "keywords": (), "date": None,
            "description": ""}
    context = {
        "labels": labels,
        "sources": CitedSources(numbering),
        "stylesheets": stylesheets if medium is Medium.SCREEN else [],
        "generator": {"name": "briefgen", "version": __version__},
        "links": {"themes": _theme_links(project) if medium is Medium.SCREEN else {}},
    }
    if document.kind == "themes":
        theme = project.themes[document.id]
        context["theme"] = theme_view(theme, numbering)
        meta.update(keywords=theme.tags, date=theme.updated, description=_plain(theme.summary.markdown))
    else:
        brief = project.weekly[document.id]
        context["brief"] = brief_view(brief, project, numbering)
        keywords = [tag for ref in brief.themes for tag in project.themes[ref.id].tags]
        meta.update(handling=brief.handling, authors=brief.authors, date=brief.date,
                    keywords=tuple(dict.fromkeys(keywords)), description=_plain(brief.bluf.markdown))
    context["document"] = meta
    return context


def _theme_links(project: Project) -> dict[str, str]:
    return {theme_id: f"../themes/{theme_id}.html" for theme_id in project.themes}


def _plain(markdown: str, limit: int = 300) -> str:
    """A one-line plain-text excerpt of Markdown, citations removed, for metadata."""
    text = re.sub(r"\s*\[[^\[\]]*@[^\[\]]*\]", "", markdown)
    text = re.sub(r"[*_`#>]", "", " ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
