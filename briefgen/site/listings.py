"""The site's pages other than the documents: the home page, the themes and tags indexes,
one page per tag, the search and 404 pages, and the Sources page (every source with the
claims that cite it, from the claims recorded as the documents were rendered)."""

from __future__ import annotations

from briefgen.content.model import Source, Theme, WeeklyBrief
from briefgen.render.documents import appraisal, plain_text
from briefgen.render.environment import render_module
from briefgen.site.addresses import (
    HOME,
    SEARCH,
    SOURCES,
    TAGS,
    THEMES,
    Linker,
    brief_path,
    source_anchor,
    tag_path,
    theme_feed_path,
    theme_path,
)
from briefgen.site.chrome import base_context, brief_link, edition_items, page_labels, pdf_link, site_context
from briefgen.site.plan import PageClaim, SiteData, TagInfo, date_key, plain_html
from briefgen.site.words import site_labels


def brief_item(data: SiteData, brief: WeeklyBrief, link: Linker, labels: dict, words: dict) -> dict:
    """A weekly brief in a listing: its number, date, title, themes and bottom line (no markers)."""
    lang = data.lang_of(brief)
    return {
        **brief_link(data, brief, link, labels),
        "week": str(brief.week),
        "bluf": plain_html(brief.bluf, lang, data.root),
        "authors": brief.authors,
        "themes": [{"title": data.project.themes[ref.id].title, "href": link(theme_path(ref.id)),
                    "lang": data.lang_of(data.project.themes[ref.id])}
                   for ref in brief.themes],
        "pdf": pdf_link(data, "weekly", brief.id, link, words),
        "read": words["read_brief"].format(number=brief.number),
        "editions": edition_items(data, "weekly", brief.id, link, labels),
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
        "pdf": pdf_link(data, "themes", theme.id, link, words),
        "editions": edition_items(data, "themes", theme.id, link, labels),
    }


def home_context(data: SiteData, link: Linker, labels: dict) -> dict:
    words = site_labels(data.config.labels, data.config.lang)
    description = words["home_intro"]
    context = base_context(data, link, data.config.lang, "site-home", labels["series"], description)
    context["site"] = site_context(data, link, data.config.lang, HOME)
    context["briefs"] = [brief_item(data, b, link, labels, words) for b in data.briefs]
    if data.briefs:
        context["document"]["date"] = data.briefs[0].date
    return context


def themes_context(data: SiteData, link: Linker, labels: dict) -> dict:
    words = site_labels(data.config.labels, data.config.lang)
    context = base_context(data, link, data.config.lang, "site-themes", words["themes"], words["themes_intro"])
    context["site"] = site_context(data, link, data.config.lang, THEMES)
    context["themes"] = [theme_item(data, t, link, labels, words) for t in data.themes]
    return context


def _count(words: dict, count: int, one: str, many: str) -> str:
    return words[one] if count == 1 else words[many].format(count=count)


def tags_context(data: SiteData, link: Linker, labels: dict) -> dict:
    words = site_labels(data.config.labels, data.config.lang)
    context = base_context(data, link, data.config.lang, "site-tags", words["tags"], words["tags_intro"])
    context["site"] = site_context(data, link, data.config.lang, TAGS)
    context["tags"] = [{"label": info.label, "slug": info.slug, "href": link(tag_path(info.slug)),
                        "themes": _count(words, len(info.themes), "count_theme", "count_themes"),
                        "briefs": _count(words, len(info.briefs), "count_brief", "count_briefs")}
                       for info in sorted(data.tags.values(), key=lambda i: (i.label.casefold(), i.slug))]
    return context


def tag_context(data: SiteData, link: Linker, labels: dict, info: TagInfo) -> dict:
    words = site_labels(data.config.labels, data.config.lang)
    title = words["tag_title"].format(tag=info.label)
    context = base_context(data, link, data.config.lang, "site-tag", title)
    context["site"] = site_context(data, link, data.config.lang, TAGS)
    context["tag"] = {"label": info.label, "slug": info.slug}
    context["themes"] = [theme_item(data, data.project.themes[t], link, labels, words) for t in info.themes]
    context["briefs"] = [brief_item(data, data.project.weekly[b], link, labels, words) for b in info.briefs]
    return context


def search_context(data: SiteData, link: Linker, labels: dict) -> dict:
    words = site_labels(data.config.labels, data.config.lang)
    context = base_context(data, link, data.config.lang, "site-search", words["search_title"], words["search_label"])
    context["site"] = site_context(data, link, data.config.lang, SEARCH)
    return context


def not_found_context(data: SiteData, link: Linker, labels: dict) -> dict:
    words = site_labels(data.config.labels, data.config.lang)
    context = base_context(data, link, data.config.lang, "site-not-found", words["not_found_title"])
    context["site"] = site_context(data, link, data.config.lang)
    context["site"]["canonical"] = ""
    return context


def source_sort_key(source: Source) -> tuple:
    """Bibliography order: the first author's family name (else the outlet, else the title), date, title."""
    first = source.author[0] if source.author else None
    lead = (first.family or first.literal) if first else (source.container_title or source.title)
    return (lead.lstrip("[“\"«").casefold(), date_key(source.issued), source.title.casefold(), source.id)


def sources_context(env, data: SiteData, link: Linker, labels: dict, claims: dict[str, list[PageClaim]],
                     cited: dict[str, tuple[str, ...]]) -> dict:
    words = site_labels(data.config.labels, data.config.lang)
    context = base_context(data, link, data.config.lang, "site-sources", words["sources"], words["sources_intro"])
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
            item_labels = page_labels(data, item_lang)
            if kind == "weekly":
                number = item_labels['brief_number'].format(number=item.number)
                title = f"{item_labels['series']} {number}: {item.title}"
                date = item.date
            else:
                title = f"{site_labels(data.config.labels, item_lang)['kind_theme']}: {item.title}"
                date = item.updated
            citing[key].append({"title": title, "href": link(page), "lang": item_lang, "date": date,
                                "claims": by_key.get(key, [])})
    records = []
    for source in sorted(data.project.sources.values(), key=source_sort_key):
        records.append({"id": source.id, "anchor": source_anchor(source.id), "source": source,
                        "appraisal": appraisal(source, data.config.grading, labels),
                        "citing": citing[source.id],
                        "claims": sum(len(doc["claims"]) for doc in citing[source.id])})
    context["records"] = records
    return context
