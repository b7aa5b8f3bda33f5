"""Links and images in HTML, held to the address policy (``briefgen.content.policy``).

The policy is applied three times, so that no one layer has to be perfect:

1. a Markdown text's links, as Markdown wrote them and as the sanitiser kept them, are
   found (``Found``); one that is not an ``http(s)`` address is a located error of the
   text, which ``check`` reports and ``build`` refuses (``briefgen.render.markdown``);
2. the sanitiser keeps a link only if it passes the policy (``kept_attribute``), so a
   look-alike such as ``"\\u00a0javascript:…"``, which nh3 would take for a relative link,
   never reaches a page;
3. every page, feed and PDF briefgen renders goes through ``guard``: an ``href``, ``src``
   or other address attribute that could run code or read a file (any scheme but http,
   https and mailto, data other than an image, or an address starting with white space or
   a control character) is removed. Templates link relatively and to ``mailto:``; content
   never can.
"""

from __future__ import annotations

import html as entities
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from briefgen.content.policy import url_problem


@dataclass
class Found:
    """The images (src, alt) and link addresses of some HTML, as a browser would read them."""

    images: list[tuple[str | None, str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = Found()

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            values = dict(attrs)
            srcs = [value for name, value in attrs if name == "src"]
            for src in srcs or [None]:
                self.found.images.append((src, (values.get("alt") or "").strip()))
        elif tag == "a":
            self.found.links.extend(value or "" for name, value in attrs if name == "href")

    handle_startendtag = handle_starttag


def find(html: str) -> Found:
    """Every ``<img>`` and every ``<a href>`` of ``html``; an image or link the sanitiser
    would silently drop (``file:``, ``javascript:``) is found, to be reported."""
    lowered = html.lower()
    if "<a" not in lowered and "<img" not in lowered:
        return Found()
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found


def kept_attribute(refused: list[str]):
    """An attribute filter for nh3: a link that breaks the policy is dropped and noted in ``refused``."""
    def kept(tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href" and url_problem(value) is not None:
            refused.append(value)
            return None
        return value

    return kept


_ADDRESS = re.compile(r'(\s(?:href|src|xlink:href|action|formaction|poster|cite|background|data)\s*=\s*)'
                      r'"([^"]*)"', re.IGNORECASE)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_OUTPUT_SCHEMES = ("http", "https", "mailto")


def guard(page: str) -> str:
    """``page`` with every address attribute that could run code or read a file removed."""
    if "=" not in page:
        return page
    return _ADDRESS.sub(lambda m: m.group(0) if harmless(m.group(2)) else "", page)


def harmless(value: str) -> bool:
    """Whether an attribute's address (as written in HTML) may stand in briefgen's output:
    relative, http(s), mailto, or an image's data; never one a browser reads past white space."""
    url = entities.unescape(value)
    if url and (url[0].isspace() or ord(url[0]) < 0x21 or not url[0].isprintable()):
        return False
    scheme = _SCHEME.match(re.sub(r"[\t\n\r]", "", url))
    if scheme is None:
        return True
    return scheme.group(1).lower() in _OUTPUT_SCHEMES or url.startswith(("data:image/", "data:,"))
