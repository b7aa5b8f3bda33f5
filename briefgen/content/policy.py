"""The rules every string and every address of the content is held to, in one place.

**Text.** Every string of every content file, bibliography and configuration value is
checked when it is read, whatever the format (YAML, JSON, BibTeX, TOML): a lone surrogate
(it cannot be written as UTF-8), a control character other than tab and newline (C0, DEL
and C1: they make XML feeds ill-formed and put NUL bytes into HTML), a Unicode
non-character, and the private-use characters briefgen itself uses to mark where a
citation goes (``SLOT_OPEN``, ``SLOT_CLOSE``) are located errors. Refusing the last two at
the door is what makes a citation marker impossible to forge: the only ones the renderer
ever sees are those it put there itself.

**Addresses.** A source's ``URL`` and a link in Markdown must be an absolute ``http`` or
``https`` address with a host, and nothing a browser would read differently from what it
shows: no white space (Unicode's included), no control character, no quote, angle bracket
or backslash. The same rule is applied again to every link of the output
(``briefgen.render.links``), so an address that slipped past a check never reaches a page.

**Limits.** Every step briefgen takes over a text is linear in it, but Python-Markdown is
not: some shapes of Markdown cost it time in the square of their length. So a text field
holds at most ``MAX_TEXT_CHARS`` characters, the Markdown fields of one file at most
``MAX_MARKDOWN_CHARS`` in all, and a tag at most ``MAX_TAG_CHARS``: a file within them renders
in seconds whatever it holds (docs/content.md, "Limits").

The text and address checks are one regular-expression scan each, linear in the text.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

MAX_TEXT_CHARS = 5_000          # one text field: about 750 words
MAX_MARKDOWN_CHARS = 50_000     # the Markdown fields of one file, together
MAX_TAG_CHARS = 60              # a tag names a page of the site: tags/<tag>.html

# The citation placeholders of briefgen.render.pieces: refused in content, so never forged.
SLOT_OPEN, SLOT_CLOSE = "\ue000", "\ue001"

_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
_FORBIDDEN = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}{SLOT_OPEN}{SLOT_CLOSE}]")


def text_problem(text: str) -> tuple[int, str] | None:
    """``(offset, message)`` for the first character of ``text`` the text policy refuses, or None."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    return found.start(), f"text holds {describe(found.group())}, which is not allowed in content"


def describe(char: str) -> str:
    """A refused character as a message names it: ``a control character (U+000B)``."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif char in (SLOT_OPEN, SLOT_CLOSE):
        kind = "a private-use character reserved by briefgen"
    elif unicodedata.category(char) == "Cc":
        kind = "a control character"
    else:
        kind = "a Unicode non-character"
    return f"{kind} (U+{code:04X})"


_SCHEMES = ("http", "https")
_UNSAFE_IN_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f\"<>\\`\u200b-\u200f\u2028-\u202f\u2060-\u2064\ufeff]")
NOT_HTTP = "only http and https addresses are allowed"


def url_problem(url: str) -> str | None:
    """Why ``url`` breaks the address policy ("" never passes), or None when it is allowed."""
    if not url:
        return "an address is required"
    if _UNSAFE_IN_URL.search(url):
        return "an address may not hold white space, control characters, double quotes, angle brackets, " \
               "backslashes or backticks"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "it is not a well-formed address"
    if parts.scheme.lower() not in _SCHEMES:
        return NOT_HTTP
    if not parts.hostname:
        return "an address needs a host: https://example.org/…"
    return None
