"""What every page of the site draws on: the project in the site's orders (briefs newest
first, themes by title, tags by name), its options, and the text helpers listings and feeds
share.

Listings, feeds and tags show each issue and each theme once, by its *lead*: the original
when it is published, else its first published edition; every page links to the other
published editions of its document (``briefgen.content.editions``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from briefgen.content.config import Config
from briefgen.content.editions import family, original_id
from briefgen.content.model import PartialDate, Project, Text, Theme, WeeklyBrief
from briefgen.render import markdown as markup
from briefgen.render import typography
from briefgen.render.claims import Claim
from briefgen.render.documents import RenderContext
from briefgen.render.pieces import SLOT, SLOT_OPEN
from briefgen.site.addresses import tag_slug


@dataclass(frozen=True)
class SiteOptions:
    base_url: str = ""   # normalised (ends with "/"), or "" for a site that does not know its address
    pdf: bool = True     # the PDFs are built alongside, and pages link them


@dataclass
class TagInfo:
    slug: str
    label: str
    themes: list[str] = field(default_factory=list)   # theme ids, by title
    briefs: list[str] = field(default_factory=list)   # brief ids, newest first


@dataclass
class SiteData:
    """What every page draws on: the project in the site's orders, tags, and the PDFs' sizes."""

    project: Project
    context: RenderContext  # the templates, the project's folder and config, the graphics' palette
    options: SiteOptions
    briefs: list[WeeklyBrief]                  # newest first; one per issue (its lead: see ``lead``)
    themes: list[Theme]                        # by title; one per theme, its lead
    theme_briefs: dict[str, list[str]]         # lead theme id → ids of the lead briefs covering it, newest first
    tags: dict[str, TagInfo]                   # slug → tag, sorted by slug
    pdf_sizes: dict[str, int]                  # "weekly/2025-W44.pdf" → bytes
    warnings: list[str] = field(default_factory=list)

    @property
    def config(self) -> Config:
        return self.context.config

    @property
    def root(self) -> Path:
        return self.context.root

    def lang_of(self, item: WeeklyBrief | Theme) -> str:
        return item.lang or self.config.lang

    def theme_tags(self, theme: Theme) -> list[TagInfo]:
        """The tags of a theme, as its lead lists them (a theme edition's tags are its original's)."""
        theme = self.project.themes[self.lead("themes", theme.id)]
        slugs = dict.fromkeys(tag_slug(tag) for tag in theme.tags)
        return [self.tags[slug] for slug in slugs]

    def records(self, kind: str) -> dict:
        return self.project.themes if kind == "themes" else self.project.weekly

    def editions(self, kind: str, doc_id: str) -> tuple[str, ...]:
        """The published members of a document's family (its original and language editions):
        the original first, then the editions by language."""
        return family(self.records(kind), doc_id)

    def lead(self, kind: str, doc_id: str) -> str:
        """The member of a document's family the listings show: the original when it is
        published, else its first published edition."""
        return self.editions(kind, doc_id)[0]

    def in_language(self, kind: str, doc_id: str, lang: str) -> str:
        """The published member of a document's family in ``lang``, else ``doc_id`` itself."""
        found = [i for i in self.editions(kind, doc_id) if self.lang_of(self.records(kind)[i]).lower() == lang.lower()]
        return found[0] if found else doc_id


def plan_site(project: Project, context: RenderContext, options: SiteOptions, pdf_sizes: dict[str, int]) -> SiteData:
    """Order the project for the site: briefs newest first, themes by title, tags by name."""
    briefs = sorted(_leads(project.weekly), key=lambda b: (b.date, b.id), reverse=True)
    themes = sorted(_leads(project.themes), key=lambda t: (t.title.casefold(), t.id))
    theme_briefs: dict[str, list[str]] = {t.id: [] for t in themes}
    lead_theme = {original_id(t.id): t.id for t in themes}
    for brief in briefs:
        for theme_id in dict.fromkeys(lead_theme[original_id(ref.id)] for ref in brief.themes):
            theme_briefs[theme_id].append(brief.id)
    tags: dict[str, TagInfo] = {}
    for theme in themes:
        for tag in sorted(theme.tags, key=str.casefold):
            info = tags.setdefault(tag_slug(tag), TagInfo(tag_slug(tag), tag))
            if theme.id not in info.themes:
                info.themes.append(theme.id)
    for info in tags.values():
        covering = {brief_id for theme_id in info.themes for brief_id in theme_briefs[theme_id]}
        info.briefs = [b.id for b in briefs if b.id in covering]
    tags = dict(sorted(tags.items()))
    return SiteData(project, context, options, briefs, themes, theme_briefs, tags, dict(pdf_sizes))


def _leads(records: dict) -> list:
    """One document per family (an original and its language editions): the original when
    it is there, else its first edition."""
    return [records[members[0]] for members in dict.fromkeys(family(records, i) for i in records)]


def plain_html(text: Text, lang: str, root: Path, inline: bool = False) -> Markup:
    """Content Markdown as sanitised HTML with its citation markers left out (for listings and
    feeds); ``root`` is the project folder its images come from."""
    html = markup.render_inline(text, lang, root) if inline else markup.render(text, lang, root)
    html = SLOT.sub("", re.sub(r"[ \t]+(?=" + SLOT_OPEN + ")", "", html))
    return Markup(typography.apply(html.strip(), lang))


def timestamp(value) -> str:
    """A content date as an RFC 3339 timestamp at midnight UTC (a partial date: its first day)."""
    if isinstance(value, PartialDate):
        return f"{value.year:04d}-{value.month or 1:02d}-{value.day or 1:02d}T00:00:00Z"
    return f"{value.isoformat()}T00:00:00Z"


def date_key(value) -> tuple[int, int, int]:
    if value is None:
        return (0, 0, 0)
    if isinstance(value, PartialDate):
        return value.sort_key
    return (value.year, value.month, value.day)


@dataclass(frozen=True)
class PageClaim:
    """A claim as the Sources page links to it: ``target`` is the id to link to on its page."""

    claim: Claim
    target: str
