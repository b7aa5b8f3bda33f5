"""The fixed words of the published site's own pages and chrome, per language.

They live in the one label catalogue (``briefgen/labels/<lang>.yaml``, section ``site:``, with
the project's ``labels/<lang>.yaml`` over it), beside the documents' words; templates read
them as ``site.labels.<key>``. French spacing is applied to pages by
``briefgen.render.typography``; the search messages, which the script shows from data
attributes, carry their narrow no-break spaces themselves.
"""

from __future__ import annotations

from briefgen.labels import Catalogues


def site_labels(catalogues: Catalogues, lang: str) -> dict[str, str]:
    """The site's words in ``lang`` from the project's ``catalogues`` (``fr-CA`` falls back to
    ``fr``, unknown languages to English)."""
    return dict(catalogues.get(lang)["site"])


def file_size(size: int, labels: dict[str, str]) -> str:
    """A file size as a reader wants it: ``84 kB``, ``1.2 MB`` (decimal units, the language's comma)."""
    if size < 1_000_000:
        text = str(max(1, round(size / 1000)))
        return labels["size_kb"].format(size=text)
    text = f"{size / 1_000_000:.1f}".replace(".", labels["decimal_mark"])
    return labels["size_mb"].format(size=text)
