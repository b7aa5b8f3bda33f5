"""Stage 8 — render the site: every page of the published static site, as files in memory.

Pages: the home page (weekly briefs, newest first, each with its bottom line), one page per
weekly brief and per theme (the document templates wrapped by ``site/weekly.html`` and
``site/theme.html``), the themes index, one page per tag and the tags index, the Sources
page (every source, and every claim that cites it, read back from the finished pages), the
search page and the 404 page. All run through the sandboxed templates in ``templates/site/``,
which a project overrides like any other template.

Links between pages are relative, so the site works from any folder of any host; only the
404 page, which a host serves at any address, links from the site's root (the path of
``--base-url``, else ``/``). Everything is sorted and dated from the content: the same input
gives the same bytes.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from markupsafe import Markup

from briefgen import __version__
from briefgen import labels as label_catalogue
from briefgen.content.config import Config
from briefgen.content.model import PartialDate, Project, Source, Text, Theme, WeeklyBrief
from briefgen.content.project import Selection
from briefgen.errors import BuildError
from briefgen.output.forked import forked_map
from briefgen.render import markdown as markup
from briefgen.render import typography
from briefgen.render.claims import Claim
from briefgen.render.documents import Assets, Document, Medium, RenderContext, documents, plain_text, render_html
from briefgen.render.environment import render, render_module
from briefgen.render.pieces import SLOT, SLOT_OPEN
from briefgen.site.words import file_size, site_labels

HOME = "index.html"
THEMES = "themes.html"
TAGS = "tags.html"
SOURCES = "sources.html"
SEARCH = "search.html"
NOT_FOUND = "404.html"
FEED = "feed.atom"
STYLESHEET = "style.css"
SCRIPT = "search.js"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
ASSETS = "assets"
SITE_CSS = "site/site.css"        # the site's chrome, a template file so a project can override it
SEARCH_SCRIPT = "site/search.js"

_MARKER_ID = re.compile(r"<a\b[^>]*\bclass=\"[^\"]*\bcite-ref\b[^\"]*\"[^>]*\bid=\"cite-|"
                        r"<a\b[^>]*\bid=\"cite-[^>]*\bclass=\"[^\"]*\bcite-ref\b")


def brief_path(brief_id: str) -> str:
    return f"weekly/{brief_id}.html"


def theme_path(theme_id: str) -> str:
    return f"themes/{theme_id}.html"


def theme_feed_path(theme_id: str) -> str:
    return f"themes/{theme_id}.atom"


def pdf_path(kind: str, doc_id: str) -> str:
    return f"{kind}/{doc_id}.pdf"


def tag_path(slug: str) -> str:
    return f"tags/{slug}.html"


def normalise_base_url(url: str) -> str:
    """``url`` as the site's address, ending in ``/``; ``ValueError`` unless an absolute http(s) URL."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"the base URL must be an absolute http(s) address such as "
                         f"https://example.org/briefs/, not {url!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"the base URL must not have a query or a fragment: {url!r}")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def tag_slug(tag: str) -> str:
    """A tag's file name: ASCII letters, digits and hyphens ("Défense aérienne" → "defense-aerienne")."""
    text = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug or "tag-" + hashlib.sha256(tag.encode("utf-8")).hexdigest()[:10]


def source_anchor(key: str) -> str:
    """The id of a source's entry on the Sources page: ``src-<key>``, unusual characters escaped."""
    return "src-" + re.sub(r"[^A-Za-z0-9_.:-]", lambda m: f"_{ord(m.group()):x}_", key)


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


class Linker:
    """URLs as seen from the page at ``here``: relative, or from ``root`` (a path) when one is given."""

    def __init__(self, here: str, base_url: str = "", root: str | None = None):
        self.here = here
        self.base_url = base_url
        self.root = root

    def __call__(self, target: str) -> str:
        path, _, fragment = target.partition("#")
        if self.root is not None:
            url = self.root + path
        elif not path:
            url = ""
        else:
            url = posixpath.relpath(path, posixpath.dirname(self.here) or ".")
        return url + ("#" + fragment if fragment else "")

    def absolute(self, target: str) -> str:
        """The page's full address, or "" without a base URL; the home page is the bare base URL."""
        if not self.base_url:
            return ""
        return self.base_url + ("" if target == HOME else target)


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
    briefs: list[WeeklyBrief]                  # newest first
    themes: list[Theme]                        # by title
    theme_briefs: dict[str, list[str]]         # theme id → ids of the briefs covering it, newest first
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
        slugs = dict.fromkeys(tag_slug(tag) for tag in theme.tags)
        return [self.tags[slug] for slug in slugs]


def plan_site(project: Project, context: RenderContext, options: SiteOptions, pdf_sizes: dict[str, int]) -> SiteData:
    """Order the project for the site: briefs newest first, themes by title, tags by name."""
    briefs = sorted(project.weekly.values(), key=lambda b: (b.date, b.id), reverse=True)
    themes = sorted(project.themes.values(), key=lambda t: (t.title.casefold(), t.id))
    theme_briefs: dict[str, list[str]] = {t.id: [] for t in themes}
    for brief in briefs:
        for ref in dict.fromkeys(ref.id for ref in brief.themes):
            theme_briefs[ref].append(brief.id)
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


@dataclass(frozen=True)
class RenderedSite:
    """The pages of the site (path → bytes) and the claims its documents' citations support."""

    files: dict[str, bytes]
    claims: dict[str, list[PageClaim]]  # document page → its citations, in order


@dataclass(frozen=True)
class PageClaim:
    """A claim as the Sources page links to it: ``target`` is the id to link to on its page."""

    claim: Claim
    target: str


def render_site(data: SiteData, jobs: int = 1) -> RenderedSite:
    """Render every page. Documents first, on up to ``jobs`` cores: the Sources page lists
    the claims their citations support."""
    env = data.context.env
    files: dict[str, bytes] = {}
    claims: dict[str, list[PageClaim]] = {}
    cited: dict[str, tuple[str, ...]] = {}
    selection = Selection(tuple(data.project.themes), tuple(data.project.weekly), complete=True)
    docs = documents(data.project, selection, data.config)

    def page(document: Document):
        """A document's page, its claims and cited keys, and the warnings rendering it gave."""
        path, html, keys, found = _document_page(data, document)
        return path, html.encode("utf-8"), found, keys, list(data.warnings)

    pages_of = dict(forked_map(page, docs, jobs))
    for document in docs:  # in document order, whichever process rendered each page
        path, html, found, keys, warnings = pages_of[document]
        files[path], claims[path], cited[path] = html, found, keys
        data.warnings.extend(w for w in warnings if w not in data.warnings)
    pages = [
        (HOME, "site/index.html", _home_context),
        (THEMES, "site/themes.html", _themes_context),
        (TAGS, "site/tags.html", _tags_context),
        (SEARCH, "site/search.html", _search_context),
        (NOT_FOUND, "site/404.html", _not_found_context),
    ]
    for path, template, make in pages:
        files[path] = _render_page(env, data, path, template, make).encode("utf-8")
    for info in data.tags.values():
        path = tag_path(info.slug)
        def tag_context(d, link, labels, info=info):
            return _tag_context(d, link, labels, info)

        files[path] = _render_page(env, data, path, "site/tag.html", tag_context).encode("utf-8")
    files[SOURCES] = _render_page(env, data, SOURCES, "site/sources.html",
                                  lambda d, link, labels: _sources_context(env, d, link, labels, claims, cited)
                                  ).encode("utf-8")
    return RenderedSite(dict(sorted(files.items())), claims)


# --- the context every site template receives ------------------------------------------------


def _labels(data: SiteData, lang: str) -> dict:
    labels = dict(label_catalogue.catalogue(lang))
    if data.config.series:
        labels["series"] = data.config.series
    return labels


def _linker(data: SiteData, here: str) -> Linker:
    if here == NOT_FOUND:  # served at any address: links from the site's root
        root = urlsplit(data.options.base_url).path if data.options.base_url else "/"
        return Linker(here, data.options.base_url, root)
    return Linker(here, data.options.base_url)


def _logo(data: SiteData) -> str:
    return f"{ASSETS}/{data.config.logo.name}" if data.config.logo is not None else ""


def site_context(data: SiteData, link: Linker, lang: str, current: str = "", backlinks: bool = True) -> dict:
    """``site``: the site's words, navigation and addresses, as seen from one page."""
    words = site_labels(lang)
    labels = _labels(data, lang)
    nav = [(HOME, words["briefs"]), (THEMES, words["themes"]), (TAGS, words["tags"]),
           (SOURCES, words["sources"]), (SEARCH, words["search"])]
    return {
        "labels": words,
        "lang": data.config.lang,
        "page": link.here,
        "series": labels["series"],
        "nav": [{"label": label, "href": link(path),
                 "current": ("page" if path == link.here else "true") if path == current else ""}
                for path, label in nav],
        "urls": {"home": link(HOME), "themes": link(THEMES), "tags": link(TAGS), "sources": link(SOURCES),
                 "search": link(SEARCH), "feed": link(FEED), "stylesheet": link(STYLESHEET),
                 "script": link(SCRIPT)},
        "feed": {"href": link(FEED), "title": words["feed_title"].format(series=labels["series"])},
        "canonical": link.absolute(link.here),
        "og_type": "website",
        "base_url": data.options.base_url,
        "image": link.absolute(_logo(data)) if _logo(data).endswith((".png", ".jpg", ".jpeg", ".gif", ".webp")) else "",
        "backlinks": backlinks,
        "source_anchors": {key: source_anchor(key) for key in data.project.sources},
        "sources_page": link(SOURCES),
        "generator": f"briefgen {__version__}",
        "pdf": None,
        "theme_feed": None,
        "tags": [],
        "pager": None,
        "covering": [],
        "search_meta": {"title": "", "kind": "", "date": ""},
    }


def _base_context(data: SiteData, link: Linker, lang: str, kind: str, title: str, description: str = "") -> dict:
    """What ``base.html`` needs, for a page that is not a document (``kind``, "site-…", is the body's class)."""
    labels = _labels(data, lang)
    logo = _logo(data)
    return {
        "labels": labels,
        "stylesheets": [link(STYLESHEET)],
        "generator": {"name": "briefgen", "version": __version__},
        "links": {"themes": {t.id: link(theme_path(t.id)) for t in data.themes}},
        "config": {"series": labels["series"], "organisation": data.config.organisation,
                   "logo": link(logo) if logo else "", "page_size": data.config.page_size,
                   "citation_style": data.config.citation_style},
        "document": {"kind": kind, "id": posixpath.splitext(link.here)[0], "title": title, "lang": lang,
                     "medium": Medium.SCREEN.value, "source_path": "", "handling": "", "authors": (),
                     "keywords": (), "date": None, "description": description},
    }


def _render_page(env, data: SiteData, path: str, template: str, make) -> str:
    link = _linker(data, path)
    lang = data.config.lang
    labels = _labels(data, lang)
    context = make(data, link, labels)
    return typography.apply(render(env, template, context, f"{path} (site page)"), lang)


# --- documents ------------------------------------------------------------------------------


def _document_page(data: SiteData, document: Document) -> tuple[str, str, tuple[str, ...], list[PageClaim]]:
    """A weekly brief's or a theme's page, with back-links from its Sources when the style allows:
    its path, HTML, cited keys and claims (linked to their markers, else to their sections)."""
    here = f"{document.kind}/{document.id}.html"
    link = _linker(data, here)
    logo = _logo(data)
    assets = Assets((link(STYLESHEET),), link(logo) if logo else "",
                    {t.id: link(theme_path(t.id)) for t in data.themes})
    template = "site/weekly.html" if document.kind == "weekly" else "site/theme.html"

    def attempt(backlinks: bool):
        site = site_context(data, link, document.lang, HOME if document.kind == "weekly" else THEMES, backlinks)
        site.update(_document_extras(data, document, link, site["labels"]))
        return render_html(data.context, data.project, document, Medium.SCREEN, assets,
                           template=template, extra={"site": site}, claims=True)

    rendered, marked = attempt(True), True
    if rendered.cited and not _MARKER_ID.search(rendered.html):
        marked = False
        rendered = attempt(False)
        warning = (f"citation/{data.config.citation_style}.html: warning: the citation style's marker puts "
                   f"no id on its links, so the Sources lists cannot link back to the citations and the "
                   f"Sources page links to the nearest heading instead "
                   f"(give each marker link id=\"{{{{ item.ref_id }}}}\")")
        if warning not in data.warnings:
            data.warnings.append(warning)
    found = [PageClaim(claim, claim.marker if marked else claim.anchor) for claim in rendered.claims]
    return here, rendered.html, rendered.cited, found


def _document_extras(data: SiteData, document: Document, link: Linker, words: dict) -> dict:
    """What a document's page adds to ``site``: its PDF, tags, pager or covering briefs, search metadata."""
    labels = _labels(data, document.lang)
    extras: dict = {"pdf": _pdf(data, document.kind, document.id, link, words), "og_type": "article"}
    if document.kind == "weekly":
        brief = data.project.weekly[document.id]
        ordered = list(reversed(data.briefs))  # oldest first
        index = ordered.index(brief)
        extras["pager"] = {
            "previous": _brief_link(data, ordered[index - 1], link, labels) if index > 0 else None,
            "next": _brief_link(data, ordered[index + 1], link, labels) if index + 1 < len(ordered) else None,
        }
        slugs = dict.fromkeys(tag_slug(t) for ref in brief.themes for t in data.project.themes[ref.id].tags)
        extras["tags"] = [{"label": data.tags[slug].label, "href": link(tag_path(slug))} for slug in slugs]
        number = labels["brief_number"].format(number=brief.number)
        extras["search_meta"] = {"kind": words["kind_weekly"], "title": f"{labels['series']} {number}: {brief.title}",
                                 "date": brief.date.isoformat()}
    else:
        theme = data.project.themes[document.id]
        extras["theme_feed"] = {"href": link(theme_feed_path(theme.id)),
                                "title": words["theme_feed_title"].format(series=labels["series"], theme=theme.title)}
        extras["tags"] = [{"label": info.label, "href": link(tag_path(info.slug))} for info in data.theme_tags(theme)]
        extras["covering"] = [_brief_link(data, data.project.weekly[b], link, labels, f"#theme-{theme.id}")
                              for b in data.theme_briefs[theme.id]]
        extras["search_meta"] = {"kind": words["kind_theme"], "title": theme.title,
                                 "date": theme.updated.isoformat() if theme.updated else ""}
    return extras


def _brief_link(data: SiteData, brief: WeeklyBrief, link: Linker, labels: dict, fragment: str = "") -> dict:
    return {"id": brief.id, "number": brief.number, "title": brief.title, "date": brief.date,
            "lang": data.lang_of(brief), "href": link(brief_path(brief.id) + fragment),
            "label": labels["brief_number"].format(number=brief.number)}


# --- listings -------------------------------------------------------------------------------


def _pdf(data: SiteData, kind: str, doc_id: str, link: Linker, words: dict) -> dict | None:
    if not data.options.pdf:
        return None
    path = pdf_path(kind, doc_id)
    size = data.pdf_sizes.get(path, 0)
    label = words["pdf_size"].format(size=file_size(size, words)) if size else words["pdf"]
    return {"href": link(path), "label": label}


def brief_item(data: SiteData, brief: WeeklyBrief, link: Linker, labels: dict, words: dict) -> dict:
    """A weekly brief in a listing: its number, date, title, themes and bottom line (no markers)."""
    lang = data.lang_of(brief)
    return {
        **_brief_link(data, brief, link, labels),
        "week": str(brief.week),
        "bluf": plain_html(brief.bluf, lang, data.root),
        "authors": brief.authors,
        "themes": [{"title": data.project.themes[ref.id].title, "href": link(theme_path(ref.id)),
                    "lang": data.lang_of(data.project.themes[ref.id])}
                   for ref in brief.themes],
        "pdf": _pdf(data, "weekly", brief.id, link, words),
        "read": words["read_brief"].format(number=brief.number),
    }


def theme_item(data: SiteData, theme: Theme, link: Linker, labels: dict, words: dict) -> dict:
    """A theme in a listing: title, status, last review, tags and the start of its summary."""
    count = len(data.theme_briefs[theme.id])
    return {
        "id": theme.id, "title": theme.title, "lang": data.lang_of(theme), "href": link(theme_path(theme.id)),
        "status": theme.status, "status_label": labels["statuses"].get(theme.status, "") if theme.status else "",
        "updated": theme.updated,
        "summary": plain_text(theme.summary.markdown),
        "tags": [{"label": info.label, "href": link(tag_path(info.slug))} for info in data.theme_tags(theme)],
        "briefs": words["count_brief"] if count == 1 else words["count_briefs"].format(count=count),
        "feed": link(theme_feed_path(theme.id)),
        "pdf": _pdf(data, "themes", theme.id, link, words),
    }


def _home_context(data: SiteData, link: Linker, labels: dict) -> dict:
    words = site_labels(data.config.lang)
    description = words["home_intro"]
    context = _base_context(data, link, data.config.lang, "site-home", labels["series"], description)
    context["site"] = site_context(data, link, data.config.lang, HOME)
    context["briefs"] = [brief_item(data, b, link, labels, words) for b in data.briefs]
    if data.briefs:
        context["document"]["date"] = data.briefs[0].date
    return context


def _themes_context(data: SiteData, link: Linker, labels: dict) -> dict:
    words = site_labels(data.config.lang)
    context = _base_context(data, link, data.config.lang, "site-themes", words["themes"], words["themes_intro"])
    context["site"] = site_context(data, link, data.config.lang, THEMES)
    context["themes"] = [theme_item(data, t, link, labels, words) for t in data.themes]
    return context


def _count(words: dict, count: int, one: str, many: str) -> str:
    return words[one] if count == 1 else words[many].format(count=count)


def _tags_context(data: SiteData, link: Linker, labels: dict) -> dict:
    words = site_labels(data.config.lang)
    context = _base_context(data, link, data.config.lang, "site-tags", words["tags"], words["tags_intro"])
    context["site"] = site_context(data, link, data.config.lang, TAGS)
    context["tags"] = [{"label": info.label, "slug": info.slug, "href": link(tag_path(info.slug)),
                        "themes": _count(words, len(info.themes), "count_theme", "count_themes"),
                        "briefs": _count(words, len(info.briefs), "count_brief", "count_briefs")}
                       for info in sorted(data.tags.values(), key=lambda i: (i.label.casefold(), i.slug))]
    return context


def _tag_context(data: SiteData, link: Linker, labels: dict, info: TagInfo) -> dict:
    words = site_labels(data.config.lang)
    title = words["tag_title"].format(tag=info.label)
    context = _base_context(data, link, data.config.lang, "site-tag", title)
    context["site"] = site_context(data, link, data.config.lang, TAGS)
    context["tag"] = {"label": info.label, "slug": info.slug}
    context["themes"] = [theme_item(data, data.project.themes[t], link, labels, words) for t in info.themes]
    context["briefs"] = [brief_item(data, data.project.weekly[b], link, labels, words) for b in info.briefs]
    return context


def _search_context(data: SiteData, link: Linker, labels: dict) -> dict:
    words = site_labels(data.config.lang)
    context = _base_context(data, link, data.config.lang, "site-search", words["search_title"], words["search_label"])
    context["site"] = site_context(data, link, data.config.lang, SEARCH)
    return context


def _not_found_context(data: SiteData, link: Linker, labels: dict) -> dict:
    words = site_labels(data.config.lang)
    context = _base_context(data, link, data.config.lang, "site-not-found", words["not_found_title"])
    context["site"] = site_context(data, link, data.config.lang)
    context["site"]["canonical"] = ""
    return context


# --- the Sources page -----------------------------------------------------------------------


def source_sort_key(source: Source) -> tuple:
    """Bibliography order: the first author's family name (else the outlet, else the title), date, title."""
    first = source.author[0] if source.author else None
    lead = (first.family or first.literal) if first else (source.container_title or source.title)
    return (lead.lstrip("[“\"«").casefold(), date_key(source.issued), source.title.casefold(), source.id)


def _sources_context(env, data: SiteData, link: Linker, labels: dict, claims: dict[str, list[PageClaim]],
                     cited: dict[str, tuple[str, ...]]) -> dict:
    words = site_labels(data.config.lang)
    context = _base_context(data, link, data.config.lang, "site-sources", words["sources"], words["sources_intro"])
    context["site"] = site_context(data, link, data.config.lang, SOURCES)
    style_name = f"citation/{data.config.citation_style}.html"
    context["style"] = render_module(env, style_name, context, f"{SOURCES} (site page)")
    order = [(brief_path(b.id), "weekly", b) for b in data.briefs] + \
            [(theme_path(t.id), "themes", t) for t in data.themes]
    citing: dict[str, list[dict]] = {key: [] for key in data.project.sources}
    for page, kind, item in order:
        keys = cited.get(page, ())
        by_key: dict[str, list[dict]] = {}
        for found in claims.get(page, []):
            by_key.setdefault(found.claim.key, []).append(
                {"text": found.claim.text, "section": found.claim.section,
                 "href": link(page + ("#" + found.target if found.target else ""))})
        for key in keys:
            item_lang = data.lang_of(item)
            item_labels = _labels(data, item_lang)
            if kind == "weekly":
                number = item_labels['brief_number'].format(number=item.number)
                title = f"{item_labels['series']} {number}: {item.title}"
                date = item.date
            else:
                title = f"{site_labels(item_lang)['kind_theme']}: {item.title}"
                date = item.updated
            citing[key].append({"title": title, "href": link(page), "lang": item_lang, "date": date,
                                "claims": by_key.get(key, [])})
    records = []
    for source in sorted(data.project.sources.values(), key=source_sort_key):
        records.append({"id": source.id, "anchor": source_anchor(source.id), "source": source,
                        "citing": citing[source.id],
                        "claims": sum(len(doc["claims"]) for doc in citing[source.id])})
    context["records"] = records
    return context


def read_template_file(env, name: str) -> bytes:
    """A non-template file of the templates folder (stylesheet, script), the project's copy first."""
    try:
        source, _, _ = env.loader.get_source(env, name)
    except Exception as exc:
        raise BuildError(f"{name}: cannot read: {exc}") from None
    return source.encode("utf-8")
