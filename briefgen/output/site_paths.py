"""Where a brief, a theme and a source's entry stand on the published site, for the site
(``briefgen.site.addresses``) and for what links to it from outside (the e-mail edition)."""

from __future__ import annotations

import re

SOURCES = "sources.html"


def brief_path(brief_id: str) -> str:
    """A weekly brief's page, from the site's root."""
    return f"weekly/{brief_id}.html"


def theme_path(theme_id: str) -> str:
    """A theme's note, from the site's root."""
    return f"themes/{theme_id}.html"


def source_anchor(key: str) -> str:
    """The id of a source's entry on the Sources page: ``src-<key>``, unusual characters escaped."""
    return "src-" + re.sub(r"[^A-Za-z0-9_.:-]", lambda m: f"_{ord(m.group()):x}_", key)
