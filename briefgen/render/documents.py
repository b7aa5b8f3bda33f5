"""Render each theme and weekly brief to its final HTML, for the screen or for print."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from briefgen import __version__
from briefgen.content.citations import Numbering
from briefgen.content.clearance import is_cleared
from briefgen.content.config import Config
from briefgen.content.editions import handling_of
from briefgen.content.grading import Grading
from briefgen.content.model import Project
from briefgen.content.project import Selection
from briefgen.errors import BuildError
from briefgen.graphics.svg import Palette
from briefgen.render import typography
from briefgen.render.citer import CitedSources, Citer
from briefgen.render.claims import Claim
from briefgen.render.edition_views import edition_links
from briefgen.render.environment import Sandbox, render, render_module
from briefgen.render.furniture import config_view
from briefgen.render.judgement_views import yardstick_view
from briefgen.render.notes import Notes
from briefgen.render.views import brief_view, theme_view


@dataclass(frozen=True)
class RenderContext:
    """What rendering draws on besides the content, passed explicitly to every document: the
    sandboxed template environment, the project's folder (content images come from its
    ``assets/``), its settings, and the palette graphics are drawn in (from the build's
    stylesheets)."""

    env: Sandbox
    root: Path
    config: Config
    palette: Palette


class Medium(str, Enum):
    SCREEN = "screen"  # the HTML file: linked stylesheet, links to other documents
    PRINT = "print"    # the HTML WeasyPrint lays out: stylesheets given separately, no relative links
    EMAIL = "email"    # the e-mail edition's HTML: its own template, styles inlined, nothing fetched


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

    @property
    def template(self) -> str:
        return "theme.html" if self.kind == "themes" else "weekly.html"


@dataclass(frozen=True)
class Assets:
    """The URLs a document links to, as seen from it: its stylesheets, the logo, the other
    documents — themes by id, and every document that may be linked as a language edition,
    as ``kind/id`` (``weekly/2025-W44.fr``), with its full address when the site has one."""

    stylesheets: tuple[str, ...] = ()
    logo: str = ""
    theme_links: dict[str, str] | None = None
    edition_links: dict[str, str] | None = None
    edition_urls: dict[str, str] | None = None


def documents(project: Project, selection: Selection, config: Config) -> list[Document]:
    """The selected documents, themes first, each kind in id order."""
    themes = [Document("themes", t.id, t.path, t.title, t.lang or config.lang)
              for t in project.themes.values() if t.id in selection.themes]
    weekly = [Document("weekly", b.id, b.path, b.title, b.lang or config.lang)
              for b in project.weekly.values() if b.id in selection.weekly]
    return sorted(themes, key=lambda d: d.id) + sorted(weekly, key=lambda d: d.id)


@dataclass(frozen=True)
class Rendered:
    """A document's final HTML, the keys of the sources it cites in citation order, and the
    claims its citations support (when asked for)."""

    html: str
    cited: tuple[str, ...]
    claims: tuple[Claim, ...] = ()


def render_html(context: RenderContext, project: Project, document: Document, medium: Medium, assets: Assets,
                template: str | None = None, extra: dict | None = None, claims: bool = False) -> Rendered:
    """The document's HTML. Sources are numbered in the order the template cites them.

    ``template`` replaces the document's own template (the site wraps it in its layout);
    ``extra`` adds variables to the context; ``claims`` records what each citation supports.
    """
    env, config = context.env, context.config
    template = template or document.template
    numbering = Numbering(project.sources)
    citer = Citer(numbering, document.lang, context.root, record=claims)
    variables = template_context(context, project, document, citer, medium, assets)
    style = citation_style(env, config, variables, document)
    citer.marker = style.marker
    citer.namer = style.named if callable(getattr(style, "named", None)) else None
    footnotes = medium is Medium.PRINT and config.notes == "footnotes" and callable(getattr(style, "footnote", None))
    citer.notes = Notes(style.footnote, config.notes_per, config.ibid) if footnotes else None
    order = getattr(style, "order", "citation")
    formatted = _entry_formatter(env, config, document, style)
    sorter = getattr(style, "sort_key", None) or formatted

    def entry_text(source) -> str:
        return str(sorter(source))

    labels = variables["labels"]

    def appraised(source) -> str:
        return appraisal(source, config.grading, labels)

    variables.update(style=style, sources=CitedSources(numbering, order, citer, entry_text, formatted, appraised),
                     notes="footnotes" if footnotes else "endnotes", **(extra or {}))
    citer.start()
    html = render(env, template, variables, document.source_path)
    if variables["sources"].stale:  # the template listed sources before its last citation
        variables["sources"] = CitedSources(numbering, order, citer, entry_text, formatted, appraised)
        citer.start()
        html = render(env, template, variables, document.source_path)
    return Rendered(typography.apply(html, document.lang), tuple(numbering.order), tuple(citer.claims))


def _entry_formatter(env, config: Config, document: Document, style):
    """The style's ``source_entry``, remembered for the run: every brief lists the same sources.

    An entry depends only on the source, the style and the document's language.
    """
    cache = env.__dict__.setdefault("_briefgen_entries", {})

    def formatted(source):
        key = (config.style_for(document.kind), document.lang, source)
        if key not in cache:
            cache[key] = style.source_entry(source)
        return cache[key]

    return formatted


def citation_style(env, config: Config, context: dict, document: Document):
    """The document's citation style as a template module: macros ``marker`` and ``source_entry``."""
    name = f"citation/{config.style_for(document.kind)}.html"
    module = render_module(env, name, context, document.source_path)
    for macro in ("marker", "source_entry"):
        if not callable(getattr(module, macro, None)):
            raise BuildError(f"{name}: a citation style must define the macro {macro!r}")
    return module


def appraisal(source, grading: Grading, labels: dict) -> str:
    """A source's grade and the team's public assessment of it, in words: "Grade B2: usually
    reliable; probably true. Unnamed outlet." ("" for a source with neither)."""
    parts = []
    if source.grade:
        parts.append(labels["grade"].format(grade=source.grade, meaning=grading.meaning(source.grade, labels)))
    if source.assessment:
        text = source.assessment[0].upper() + source.assessment[1:]
        parts.append(text if text.endswith((".", "!", "?")) else text + ".")
    return " ".join(parts)


def document_labels(config: Config, lang: str) -> dict:
    """The fixed words of a document in ``lang``, with the project's series name."""
    labels = dict(config.labels.get(lang))
    if config.series:
        labels["series"] = config.series
    return labels


def template_context(context: RenderContext, project: Project, document: Document, citer: Citer,
                     medium: Medium, assets: Assets) -> dict:
    """Everything a template receives (documented in docs/templates.md)."""
    config = context.config
    labels = document_labels(config, document.lang)
    editions = edition_links(project, document.kind, document.id, assets.edition_links or {}, config.labels, labels,
                             assets.edition_urls)
    meta = {"kind": document.kind, "id": document.id, "title": document.title, "lang": document.lang,
            "medium": medium.value, "source_path": document.source_path, "handling": "",
            "handling_lang": document.lang, "authors": (), "keywords": (), "date": None, "description": "",
            "clearance": None, "editions": editions}
    variables = {
        "labels": labels,
        "stylesheets": list(assets.stylesheets),
        "generator": {"name": "briefgen", "version": __version__},
        "links": {"themes": dict(assets.theme_links or {})},
        "config": config_view(config, labels["series"], assets.logo, document.kind),
    }
    if document.kind == "themes":
        theme = project.themes[document.id]
        variables["theme"] = view = theme_view(theme, citer, labels, context.palette, yardstick=config.yardstick,
                                               catalogues=config.labels)
        meta.update(keywords=theme.tags, date=theme.updated, description=plain_text(theme.summary.markdown))
    else:
        brief = project.weekly[document.id]
        handling, handling_lang = handling_of(brief, project, config.handling, config.lang)
        variables["brief"] = view = brief_view(brief, project, citer, handling, labels, context.palette,
                                               config.yardstick, config.labels)
        keywords = [tag for ref in brief.themes for tag in project.themes[ref.id].tags]
        meta.update(handling=handling, handling_lang=handling_lang, authors=brief.authors, date=brief.date,
                    keywords=tuple(dict.fromkeys(keywords)), description=plain_text(brief.bluf.markdown),
                    clearance=clearance_view(brief, project, labels))
    variables["document"] = meta
    variables["yardstick"] = yardstick_view(config.yardstick, labels) if view.judgements else None
    return variables


def clearance_view(brief, project: Project, labels: dict) -> dict:
    """Where a brief stands: cleared (by whom, when), or not, with the mark every page then carries."""
    clearance = brief.clearance
    cleared = is_cleared(brief, project)
    return {"state": clearance.state if not clearance.cleared or cleared else "changed", "cleared": cleared,
            "by": clearance.by if cleared else "", "on": clearance.on if cleared else None,
            "mark": "" if cleared else labels["draft_mark"]}


def plain_text(markdown: str, limit: int = 300) -> str:
    """A one-line plain-text excerpt of Markdown, citations removed, for metadata."""
    text = re.sub(r"\s*\[[^\[\]]*@[^\[\]]*\]", "", markdown)
    text = re.sub(r"[*_`#>]", "", " ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
