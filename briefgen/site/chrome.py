"""What every site template receives: the site's words, navigation and addresses as seen
from one page (``site``), what ``base.html`` needs for a page that is not a document, and
the links to briefs and PDFs that pages share."""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

from briefgen import __version__
from briefgen.content.model import WeeklyBrief
from briefgen.render import typography
from briefgen.render.documents import Medium, document_labels
from briefgen.render.environment import render
from briefgen.render.furniture import config_view
from briefgen.site.addresses import (
    ASSETS,
    FEED,
    HOME,
    NOT_FOUND,
    SCRIPT,
    SEARCH,
    SOURCES,
    STYLESHEET,
    TAGS,
    THEMES,
    Linker,
    brief_path,
    pdf_path,
    source_anchor,
    theme_path,
)
from briefgen.site.plan import SiteData
from briefgen.site.words import file_size, site_labels

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")  # a logo a link preview can show


def page_labels(data: SiteData, lang: str) -> dict:
    """The documents' words in ``lang``, with the project's series name."""
    return document_labels(data.config, lang)


def linker_for(data: SiteData, here: str) -> Linker:
    if here == NOT_FOUND:  # served at any address: links from the site's root
        root = urlsplit(data.options.base_url).path if data.options.base_url else "/"
        return Linker(here, data.options.base_url, root)
    return Linker(here, data.options.base_url)


def logo_path(data: SiteData) -> str:
    return f"{ASSETS}/{data.config.logo.name}" if data.config.logo is not None else ""


def site_context(data: SiteData, link: Linker, lang: str, current: str = "", backlinks: bool = True) -> dict:
    """``site``: the site's words, navigation and addresses, as seen from one page."""
    words = site_labels(data.config.labels, lang)
    labels = page_labels(data, lang)
    logo = logo_path(data)
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
        "image": link.absolute(logo) if logo.endswith(IMAGE_SUFFIXES) else "",
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


def base_context(data: SiteData, link: Linker, lang: str, kind: str, title: str, description: str = "") -> dict:
    """What ``base.html`` needs, for a page that is not a document (``kind``, "site-…", is the body's class)."""
    labels = page_labels(data, lang)
    logo = logo_path(data)
    return {
        "labels": labels,
        "stylesheets": [link(STYLESHEET)],
        "generator": {"name": "briefgen", "version": __version__},
        "links": {"themes": {t.id: link(theme_path(t.id)) for t in data.themes}},
        "config": config_view(data.config, labels["series"], link(logo) if logo else ""),
        "document": {"kind": kind, "id": posixpath.splitext(link.here)[0], "title": title, "lang": lang,
                     "medium": Medium.SCREEN.value, "source_path": "", "handling": "", "handling_lang": lang,
                     "authors": (), "keywords": (), "date": None, "description": description, "clearance": None,
                     "editions": ()},
    }


def render_page(env, data: SiteData, path: str, template: str, make) -> str:
    link = linker_for(data, path)
    lang = data.config.lang
    labels = page_labels(data, lang)
    context = make(data, link, labels)
    return typography.apply(render(env, template, context, f"{path} (site page)"), lang)


def brief_link(data: SiteData, brief: WeeklyBrief, link: Linker, labels: dict, fragment: str = "") -> dict:
    return {"id": brief.id, "number": brief.number, "title": brief.title, "date": brief.date,
            "lang": data.lang_of(brief), "href": link(brief_path(brief.id) + fragment),
            "label": labels["brief_number"].format(number=brief.number)}


def edition_items(data: SiteData, kind: str, doc_id: str, link: Linker, labels: dict) -> list[dict]:
    """The other published language editions of a document, for a listing: language, its name, address."""
    items = []
    for member in data.editions(kind, doc_id):
        if member != doc_id:
            lang = data.lang_of(data.records(kind)[member])
            name = data.config.labels.language_name(lang) or labels["language_names"].get(lang.split("-")[0], lang)
            items.append({"lang": lang, "name": name, "href": link(f"{kind}/{member}.html")})
    return items


def pdf_link(data: SiteData, kind: str, doc_id: str, link: Linker, words: dict) -> dict | None:
    if not data.options.pdf:
        return None
    path = pdf_path(kind, doc_id)
    size = data.pdf_sizes.get(path, 0)
    label = words["pdf_size"].format(size=file_size(size, words)) if size else words["pdf"]
    return {"href": link(path), "label": label}
