"""Render the site: every page of the published static site, as files in memory.

One page per weekly brief and per theme (the document templates wrapped by
``site/weekly.html`` and ``site/theme.html``), rendered first, on several cores, recording
the claims their citations support; then the listings and the Sources page
(``briefgen.site.listings``), which lists those claims. All run through the sandboxed
templates in ``templates/site/``, which a project overrides like any other template.

Links between pages are relative, so the site works from any folder of any host; only the
404 page, which a host serves at any address, links from the site's root (the path of
``--base-url``, else ``/``). Everything is sorted and dated from the content: the same input
gives the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.content.editions import original_id
from briefgen.content.project import Selection
from briefgen.errors import BuildError
from briefgen.output.forked import forked_map
from briefgen.render.documents import Assets, Document, Medium, documents, render_html
from briefgen.site.addresses import (
    HOME,
    NOT_FOUND,
    SEARCH,
    SOURCES,
    STYLESHEET,
    TAGS,
    THEMES,
    Linker,
    tag_path,
    tag_slug,
    theme_feed_path,
    theme_path,
)
from briefgen.site.chrome import brief_link, linker_for, logo_path, page_labels, pdf_link, render_page, site_context
from briefgen.site.listings import (
    home_context,
    not_found_context,
    search_context,
    sources_context,
    tag_context,
    tags_context,
    themes_context,
)
from briefgen.site.plan import PageClaim, SiteData

_MARKER_ID = re.compile(r"<a\b[^>]*\bclass=\"[^\"]*\bcite-ref\b[^\"]*\"[^>]*\bid=\"cite-|"
                        r"<a\b[^>]*\bid=\"cite-[^>]*\bclass=\"[^\"]*\bcite-ref\b")


@dataclass(frozen=True)
class RenderedSite:
    """The pages of the site (path → bytes) and the claims its documents' citations support."""

    files: dict[str, bytes]
    claims: dict[str, list[PageClaim]]  # document page → its citations, in order


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
        (HOME, "site/index.html", home_context),
        (THEMES, "site/themes.html", themes_context),
        (TAGS, "site/tags.html", tags_context),
        (SEARCH, "site/search.html", search_context),
        (NOT_FOUND, "site/404.html", not_found_context),
    ]
    for path, template, make in pages:
        files[path] = render_page(env, data, path, template, make).encode("utf-8")
    for info in data.tags.values():
        path = tag_path(info.slug)
        def one_tag(d, link, labels, info=info):
            return tag_context(d, link, labels, info)

        files[path] = render_page(env, data, path, "site/tag.html", one_tag).encode("utf-8")
    files[SOURCES] = render_page(env, data, SOURCES, "site/sources.html",
                                  lambda d, link, labels: sources_context(env, d, link, labels, claims, cited)
                                  ).encode("utf-8")
    return RenderedSite(dict(sorted(files.items())), claims)


def _document_page(data: SiteData, document: Document) -> tuple[str, str, tuple[str, ...], list[PageClaim]]:
    """A weekly brief's or a theme's page, with back-links from its Sources when the style allows:
    its path, HTML, cited keys and claims (linked to their markers, else to their sections)."""
    here = f"{document.kind}/{document.id}.html"
    link = linker_for(data, here)
    logo = logo_path(data)
    pages = {f"{kind}/{i}": f"{kind}/{i}.html" for kind in ("themes", "weekly") for i in data.records(kind)}
    assets = Assets((link(STYLESHEET),), link(logo) if logo else "",
                    {t.id: link(theme_path(t.id)) for t in data.project.themes.values()},
                    {key: link(page) for key, page in pages.items()},
                    {key: link.absolute(page) for key, page in pages.items() if link.absolute(page)})
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
        warning = (f"citation/{data.config.style_for(document.kind)}.html: warning: the citation style's marker puts "
                   f"no id on its links, so the Sources lists cannot link back to the citations and the "
                   f"Sources page links to the nearest heading instead "
                   f"(give each marker link id=\"{{{{ item.ref_id }}}}\")")
        if warning not in data.warnings:
            data.warnings.append(warning)
    found = [PageClaim(claim, claim.marker if marked else claim.anchor) for claim in rendered.claims]
    return here, rendered.html, rendered.cited, found


def _document_extras(data: SiteData, document: Document, link: Linker, words: dict) -> dict:
    """What a document's page adds to ``site``: its PDF, tags, pager or covering briefs, search metadata."""
    labels = page_labels(data, document.lang)
    extras: dict = {"pdf": pdf_link(data, document.kind, document.id, link, words), "og_type": "article"}
    if document.kind == "weekly":
        brief = data.project.weekly[document.id]
        ordered = list(reversed(data.briefs))  # oldest first; an edition stands where its lead does
        index = ordered.index(data.project.weekly[data.lead("weekly", brief.id)])

        def neighbour(other):  # in this page's language when the other issue has an edition in it
            return brief_link(data, data.project.weekly[data.in_language("weekly", other.id, document.lang)], link,
                              labels)

        extras["pager"] = {
            "previous": neighbour(ordered[index - 1]) if index > 0 else None,
            "next": neighbour(ordered[index + 1]) if index + 1 < len(ordered) else None,
        }
        themes = [data.project.themes[data.lead("themes", ref.id)] for ref in brief.themes]
        slugs = dict.fromkeys(tag_slug(t) for theme in themes for t in theme.tags)
        extras["tags"] = [{"label": data.tags[slug].label, "href": link(tag_path(slug))} for slug in slugs]
        number = labels["brief_number"].format(number=brief.number)
        extras["search_meta"] = {"kind": words["kind_weekly"], "title": f"{labels['series']} {number}: {brief.title}",
                                 "date": brief.date.isoformat()}
    else:
        theme = data.project.themes[document.id]
        lead = data.lead("themes", theme.id)  # an edition's feed and covering briefs are its lead's
        extras["theme_feed"] = {"href": link(theme_feed_path(lead)),
                                "title": words["theme_feed_title"].format(series=labels["series"], theme=theme.title)}
        extras["tags"] = [{"label": info.label, "href": link(tag_path(info.slug))} for info in data.theme_tags(theme)]
        covering = [data.project.weekly[data.in_language("weekly", b, document.lang)] for b in data.theme_briefs[lead]]
        extras["covering"] = [brief_link(data, brief, link, labels, f"#theme-{_shown_theme(brief, theme.id)}")
                              for brief in covering]
        extras["search_meta"] = {"kind": words["kind_theme"], "title": theme.title,
                                 "date": theme.updated.isoformat() if theme.updated else ""}
    return extras


def _shown_theme(brief, theme_id: str) -> str:
    """The id under which ``brief`` shows the theme of ``theme_id``'s family (its section's anchor)."""
    family = original_id(theme_id)
    return next((ref.id for ref in brief.themes if original_id(ref.id) == family), theme_id)


def read_template_file(env, name: str) -> bytes:
    """A non-template file of the templates folder (stylesheet, script), the project's copy first."""
    try:
        source, _, _ = env.loader.get_source(env, name)
    except Exception as exc:
        raise BuildError(f"{name}: cannot read: {exc}") from None
    return source.encode("utf-8")
