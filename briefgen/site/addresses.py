"""Where everything is on the published site: the file names of its pages, feeds and
assets, the ids of its anchors and tags, and the links between pages (relative, so the site
works from any folder of any host)."""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

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


MAX_SLUG = 64  # characters of a tag's file name: far below any file system's limit


def tag_slug(tag: str) -> str:
    """A tag's file name: ASCII letters, digits and hyphens ("Défense aérienne" → "defense-aerienne"),
    at most ``MAX_SLUG`` characters (a longer one is cut and ends in a digest of the whole tag)."""
    text = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    digest = hashlib.sha256(tag.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    if len(slug) > MAX_SLUG:
        return f"{slug[:MAX_SLUG - 11].rstrip('-')}-{digest}"
    return slug or "tag-" + digest


def source_anchor(key: str) -> str:
    """The id of a source's entry on the Sources page: ``src-<key>``, unusual characters escaped."""
    return "src-" + re.sub(r"[^A-Za-z0-9_.:-]", lambda m: f"_{ord(m.group()):x}_", key)


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
