"""What templates see of the project's settings as ``config``: the series and organisation,
the page furniture (banner, running header and footer) and the project's own ``extra`` words.

Documents and the site's own pages build it the same way, here.
"""

from __future__ import annotations

from briefgen.content.config import Config


def config_view(config: Config, series: str, logo: str) -> dict:
    """``config`` as templates read it (documented in docs/templates.md). ``series`` is the
    series name in the document's language, ``logo`` the logo's URL from the page ("" for none).
    The ``extra`` words are plain text: autoescaping writes them as text, never as markup."""
    return {
        "series": series,
        "organisation": config.organisation,
        "logo": logo,
        "page_size": config.page_size,
        "citation_style": config.citation_style,
        "banner": config.banner,
        "banner_colour": config.banner_colour,
        "banner_ink": ink(config.banner_colour),
        "page_header": config.page_header,
        "page_footer": config.page_footer,
        "extra": dict(config.extra),
    }


def ink(colour: str) -> str:
    """The text colour that reads best on ``colour`` (``#rgb`` or ``#rrggbb``): black or
    white, whichever has the greater contrast ratio (WCAG 2's relative luminance)."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    on_white = 1.05 / (luminance + 0.05)
    on_black = (luminance + 0.05) / 0.05
    return "#ffffff" if on_white >= on_black else "#000000"
