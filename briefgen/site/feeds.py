"""Stage 8b — feeds and maps: Atom feeds of the weekly briefs and of each theme, the sitemap.

Feeds are written by the sandboxed template ``site/feed.atom`` rather than a feed library:
the format is small, a template keeps the project's override mechanism, and nothing here
can slip the clock in (every ``updated`` date is the content's own; a feed with no dated
entry says 1970-01-01). Each weekly brief is an entry with its bottom line as the summary
and its PDF as an enclosure; a theme's feed has an entry for each weekly brief that covers
the theme (what happened that week, the editor's note) and one for the briefing note itself.

With ``--base-url`` every link and id is absolute. Without it, links are relative to the
feed (RFC 4287 resolves them against the feed's address) and ids are ``urn:uuid:`` names
derived from the series and the page, stable from one publish to the next. A sitemap
needs absolute addresses, so it is written only with ``--base-url``, with ``robots.txt``
pointing to it.
"""

from __future__ import annotations

import uuid

from markupsafe import escape

from briefgen import __version__
from briefgen import labels as label_catalogue
from briefgen.content import timing
from briefgen.content.editions import original_id
from briefgen.render.environment import render
from briefgen.site.addresses import (
    FEED,
    HOME,
    SITEMAP,
    SOURCES,
    TAGS,
    THEMES,
    Linker,
    brief_path,
    pdf_path,
    tag_path,
    theme_feed_path,
    theme_path,
)
from briefgen.site.plan import SiteData, plain_html, timestamp
from briefgen.site.words import site_labels

EPOCH = "1970-01-01T00:00:00Z"  # the `updated` of a feed with no dated entry


def feeds(env, data: SiteData) -> dict[str, bytes]:
    """The weekly briefs' feed and one feed per theme: path → bytes."""
    files = {FEED: _render_feed(env, *brief_feed(data), FEED)}
    for theme in data.themes:
        path = theme_feed_path(theme.id)
        files[path] = _render_feed(env, *theme_feed(data, theme.id), path)
    return files


def _render_feed(env, feed: dict, entries: list[dict], path: str) -> bytes:
    return render(env, "site/feed.atom", {"feed": feed, "entries": entries}, f"{path} (site feed)").encode("utf-8")


class _Addresses:
    """Hrefs and ids as a feed at ``here`` gives them."""

    def __init__(self, data: SiteData, here: str):
        self.data = data
        self.link = Linker(here, data.options.base_url)

    def href(self, target: str) -> str:
        return self.link.absolute(target) or self.link(target)

    def id(self, target: str) -> str:
        if self.data.options.base_url:
            return self.link.absolute(target)
        name = f"briefgen:{self.data.config.organisation}:{_series(self.data)}:{target}"
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _series(data: SiteData) -> str:
    return data.config.series or data.config.labels.get(data.config.lang)["series"]


def _feed(data: SiteData, at: _Addresses, path: str, title: str, alternate: str, entries: list[dict]) -> dict:
    return {
        "lang": data.config.lang,
        "title": title,
        "subtitle": data.config.organisation,
        "id": at.id(path),
        "self": at.href(path),
        "alternate": at.href(alternate),
        "updated": max((e["updated"] for e in entries), default=EPOCH),
        "author": data.config.organisation or _series(data),
        "generator_version": __version__,
    }


def _enclosure(data: SiteData, at: _Addresses, kind: str, doc_id: str) -> dict | None:
    path = pdf_path(kind, doc_id)
    if not data.options.pdf or path not in data.pdf_sizes:
        return None
    return {"href": at.href(path), "length": data.pdf_sizes[path]}


def _brief_categories(data: SiteData, brief) -> list[str]:
    tags = [tag for ref in brief.themes for tag in data.project.themes[data.lead("themes", ref.id)].tags]
    return list(dict.fromkeys(tags))


def _alternates(data: SiteData, at: _Addresses, kind: str, doc_id: str) -> list[dict]:
    """A document's published language editions, itself included, as an entry links to them
    (``hreflang``); none when it has no other edition."""
    members = data.editions(kind, doc_id)
    if len(members) < 2:
        return []
    return [{"lang": data.lang_of(data.records(kind)[m]), "href": at.href(f"{kind}/{m}.html"), "self": m == doc_id}
            for m in members]


def brief_feed(data: SiteData) -> tuple[dict, list[dict]]:
    """The feed of the weekly briefs, newest first."""
    at = _Addresses(data, FEED)
    words = site_labels(data.config.labels, data.config.lang)
    entries = []
    for brief in data.briefs:
        lang = data.lang_of(brief)
        labels = data.config.labels.get(lang)
        entries.append({
            "lang": lang,
            "title": f"{labels['brief_number'].format(number=brief.number)}: {brief.title}",
            "id": at.id(brief_path(brief.id)),
            "href": at.href(brief_path(brief.id)),
            "enclosure": _enclosure(data, at, "weekly", brief.id),
            "published": timestamp(brief.date),
            "updated": timestamp(brief.date),
            "authors": brief.authors,
            "categories": _brief_categories(data, brief),
            "summary": str(plain_html(brief.bluf, lang, data.root)),
            "alternates": _alternates(data, at, "weekly", brief.id),
        })
    title = words["feed_title"].format(series=_series(data))
    return _feed(data, at, FEED, title, HOME, entries), entries


def theme_feed(data: SiteData, theme_id: str) -> tuple[dict, list[dict]]:
    """One theme's feed: the weekly briefs that cover it, and its briefing note, newest first."""
    theme = data.project.themes[theme_id]
    path = theme_feed_path(theme_id)
    at = _Addresses(data, path)
    words = site_labels(data.config.labels, data.config.lang)
    theme_lang = data.lang_of(theme)
    entries = []
    for brief_id in data.theme_briefs[theme_id]:
        brief = data.project.weekly[brief_id]
        lang = data.lang_of(brief)
        labels = data.config.labels.get(lang)
        target = f"{brief_path(brief.id)}#theme-{theme_id}"
        entries.append({
            "lang": lang,
            "title": f"{labels['brief_number'].format(number=brief.number)}: {brief.title}",
            "id": at.id(target),
            "href": at.href(target),
            "enclosure": _enclosure(data, at, "weekly", brief.id),
            "published": timestamp(brief.date),
            "updated": timestamp(brief.date),
            "authors": brief.authors,
            "categories": list(theme.tags),
            "summary": _section_summary(data, brief, theme, lang, labels),
            "alternates": [],
        })
    if theme.updated is not None:
        theme_labels = site_labels(data.config.labels, theme_lang)
        entries.append({
            "lang": theme_lang,
            "title": theme_labels["theme_note_entry"].format(theme=theme.title),
            "id": at.id(theme_path(theme_id)),
            "href": at.href(theme_path(theme_id)),
            "enclosure": _enclosure(data, at, "themes", theme_id),
            "published": "",
            "updated": timestamp(theme.updated),
            "authors": (),
            "categories": list(theme.tags),
            "summary": str(plain_html(theme.summary, theme_lang, data.root)),
            "alternates": _alternates(data, at, "themes", theme_id),
        })
    entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
    series = _series(data)
    title = words["theme_feed_title"].format(series=series, theme=theme.title)
    return _feed(data, at, path, title, theme_path(theme_id), entries), entries


def _section_summary(data: SiteData, brief, theme, lang: str, labels: dict) -> str:
    """What a weekly brief says of a theme: that week's dated events and the editor's note."""
    parts = []
    events = timing.this_week(theme, brief, data.project.sources)
    if events:
        items = "".join(
            f"<li><strong>{escape(event.when or label_catalogue.format_date(event.date, labels))}</strong> "
            f"{plain_html(event.text, lang, data.root, inline=True)}</li>" for event in events)
        parts.append(f"<p>{escape(labels['this_week'])}:</p><ul>{items}</ul>")
    note = next((ref.note for ref in brief.themes if original_id(ref.id) == original_id(theme.id) and ref.note), None)
    if note is not None:
        parts.append(f"<p>{escape(labels['editor_note'])}:</p>{plain_html(note, lang, data.root)}")
    if not parts:
        parts.append(str(plain_html(brief.bluf, lang, data.root)))
    return "".join(parts)


def sitemap(env, data: SiteData) -> bytes | None:
    """``sitemap.xml`` listing every page meant for readers; None without a base URL."""
    if not data.options.base_url:
        return None
    link = Linker(SITEMAP, data.options.base_url)
    newest = data.briefs[0].date.isoformat() if data.briefs else ""
    reviewed = max((t.updated for t in data.themes if t.updated is not None),
                   key=lambda d: d.sort_key, default=None)
    at = _Addresses(data, SITEMAP)
    urls = [{"loc": link.absolute(HOME), "lastmod": newest}]
    urls += [{"loc": link.absolute(brief_path(b.id)), "lastmod": b.date.isoformat(),
              "alternates": _alternates(data, at, "weekly", b.id)}
             for b in sorted(data.project.weekly.values(), key=lambda b: b.id)]
    urls.append({"loc": link.absolute(THEMES), "lastmod": reviewed.isoformat() if reviewed else ""})
    urls += [{"loc": link.absolute(theme_path(t.id)), "lastmod": t.updated.isoformat() if t.updated else "",
              "alternates": _alternates(data, at, "themes", t.id)}
             for t in sorted(data.project.themes.values(), key=lambda t: t.id)]
    urls.append({"loc": link.absolute(TAGS), "lastmod": ""})
    urls += [{"loc": link.absolute(tag_path(slug)), "lastmod": ""} for slug in sorted(data.tags)]
    urls.append({"loc": link.absolute(SOURCES), "lastmod": newest})
    return render(env, "site/sitemap.xml", {"urls": urls}, f"{SITEMAP} (site map)").encode("utf-8")


def robots(data: SiteData) -> bytes | None:
    """``robots.txt`` naming the sitemap; None without a base URL."""
    if not data.options.base_url:
        return None
    return f"User-agent: *\nDisallow:\n\nSitemap: {data.options.base_url}{SITEMAP}\n".encode()

