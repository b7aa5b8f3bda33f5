"""Where everything is on the published site: the file names of its pages, feeds and
assets, the ids of its anchors and tags, and the links between pages (relative, so the site
works from any folder of any host)."""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata

from briefgen.content.settings import normalise_base_url as normalise_base_url  # the rule the config reads with
from briefgen.output.site_paths import SOURCES as SOURCES  # shared with the e-mail edition, which links here
from briefgen.output.site_paths import brief_path as brief_path
from briefgen.output.site_paths import source_anchor as source_anchor
from briefgen.output.site_paths import theme_path as theme_path

HOME = "index.html"
THEMES = "themes.html"
TAGS = "tags.html"
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


def theme_feed_path(theme_id: str) -> str:
    return f"themes/{theme_id}.atom"


def pdf_path(kind: str, doc_id: str) -> str:
    return f"{kind}/{doc_id}.pdf"


def tag_path(slug: str) -> str:
    return f"tags/{slug}.html"


def tag_slug(tag: str) -> str:
    """A tag's file name: ASCII letters, digits and hyphens ("Défense aérienne" → "defense-aerienne")."""
    text = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug or "tag-" + hashlib.sha256(tag.encode("utf-8")).hexdigest()[:10]


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
