"""Stage 4 — render Markdown: content text to sanitised HTML, citations left as slots.

Citations are cut out of the Markdown before conversion and replaced by placeholder
characters from Unicode's private-use area; the sanitised HTML keeps them, and the
document stage swaps each for its numbered marker once numbering is known.

Images (``![what it shows](assets/chart.png)``) must be files under the project's
``assets/`` folder; each is checked when its text is rendered and embedded in the HTML as
a ``data:`` URL, so the page, the site and the PDF show it without reading any other file.
"""

from __future__ import annotations

import base64
import os
import re
import stat
from functools import cache, lru_cache
from html import unescape
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import markdown as md
import nh3

from briefgen.content.model import Text
from briefgen.content.policy import url_problem
from briefgen.errors import BuildError, LocatedError
from briefgen.files import Unreadable, read_regular
from briefgen.render import links
from briefgen.render.brackets import LinearBrackets
from briefgen.render.pieces import misplaced_slots, slot

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "li", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "title"},
                      "td": {"align"}, "th": {"align"}}
URL_SCHEMES = {"http", "https"}  # the address policy's (briefgen.content.policy)

ASSETS_DIR = "assets"                  # the only folder content images come from
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".webp": "image/webp", ".svg": "image/svg+xml"}
MAX_IMAGE_BYTES = 10 * 1024 * 1024


# Quotation marks for "straight" quotes, by language (French spacing is added by typography).
QUOTES = {
    "en": {"left-double-quote": "“", "right-double-quote": "”", "left-single-quote": "‘", "right-single-quote": "’"},
    "fr": {"left-double-quote": "«", "right-double-quote": "»", "left-single-quote": "‘", "right-single-quote": "’"},
}


@cache
def _converter(lang: str) -> md.Markdown:
    """One Markdown converter per language, reset between texts (building one costs ~1 ms)."""
    return _new_converter(lang)


def _new_converter(lang: str) -> md.Markdown:
    quotes = QUOTES.get(lang.split("-")[0].lower(), QUOTES["en"])
    return md.Markdown(
        extensions=["abbr", "def_list", "tables", "sane_lists", "smarty", LinearBrackets()],
        extension_configs={"smarty": {"smart_angled_quotes": True, "substitutions": quotes}},
        output_format="html",
    )


@lru_cache(maxsize=4096)
def to_html(markdown: str, citation_spans: tuple[tuple[int, int], ...], lang: str = "en") -> str:
    """Markdown to sanitised HTML in ``lang``'s typography; the n-th citation span becomes slot n.

    Images keep the ``src`` they were given: ``render`` checks and embeds them.
    """
    return _convert(markdown, citation_spans, lang)[0]


@lru_cache(maxsize=4096)
def _convert(markdown: str, citation_spans: tuple[tuple[int, int], ...], lang: str) -> _Converted:
    """The sanitised HTML, the (src, alt) of every image the Markdown asked for, the links
    the address policy refuses, and the citations that did not land in the text."""
    pieces, last = [], 0
    for index, (start, end) in enumerate(citation_spans):
        pieces.append(markdown[last:start])
        pieces.append(slot(index))
        last = end
    pieces.append(markdown[last:])
    source = "".join(pieces)
    html = _plain_paragraph(source)
    if html is None:
        converter = _converter(lang)
        converter.reset()
        try:
            html = converter.convert(source)
        except BaseException as exc:  # a converter stopped half-way keeps a broken parser state
            _converter.cache_clear()
            if isinstance(exc, RecursionError):  # Python-Markdown recurses once per level of nested lists
                return _Converted("", (), (), (), too_deep=True)
            raise
    found, refused = links.find(html), []
    clean = sanitise(html, refused)
    refused = tuple(dict.fromkeys(link for link in (*found.links, *refused) if url_problem(link) is not None))
    return _Converted(clean, tuple(found.images), refused, misplaced_slots(clean, len(citation_spans)))


class _Converted(NamedTuple):
    html: str
    images: tuple[tuple[str | None, str], ...]
    refused: tuple[str, ...]      # links the address policy refuses
    misplaced: tuple[int, ...]    # citations that are not in the text (inside a tag, or dropped)
    too_deep: bool = False        # lists or quotes nested past what Python-Markdown can read


# Most of a brief's texts are one line of words and plain punctuation, which Markdown turns
# into one paragraph and nothing else: no markup, nothing the typography extension would
# change (straight quotes, "--", "..."), no block syntax at the start. Such a text skips
# Python-Markdown, which takes about a millisecond a text. tests/test_markup.py checks
# that both ways give the same HTML.
_PLAIN_TEXT = re.compile(r"[\w ,;:.?!()%/’‘“”—–…€$£°\ue000\ue001-]+")
_NUMBERED = re.compile(r"\d+[.)]")


def _plain_paragraph(source: str) -> str | None:
    """``source`` as Markdown's HTML if it is one line of plain prose, else None."""
    text = source.rstrip("\n")
    if (not _PLAIN_TEXT.fullmatch(text) or "_" in text or "--" in text or ".." in text
            or text[0] in "-: " or text[-1] == " " or _NUMBERED.match(text)):
        return None
    return f"<p>{text}</p>"


def sanitise(html: str, refused: list[str] | None = None) -> str:
    """Keep only harmless markup: no scripts, styles, event handlers, and no link but an
    http(s) address that passes the address policy (each link dropped is added to ``refused``)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=links.kept_attribute([] if refused is None else refused),
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render(text: Text, lang: str, root: str | Path) -> str:
    """``text`` as block HTML with citation slots, its images checked and embedded.

    ``root`` is the project folder whose ``assets/`` images come from. A missing or
    disallowed image is a ``BuildError`` naming the text's place:
    ``briefs/themes/x.yaml:12:5: image 'assets/a.png' not found``.
    """
    spans = tuple((c.start, c.end) for c in text.citations)
    html, images, refused, misplaced, too_deep = _convert(text.markdown, spans, lang)
    if too_deep:
        raise LocatedError(text.location, "lists or quotes are nested too deeply for Markdown")
    if refused:
        raise LocatedError(text.location, f"link {refused[0]!r} is not allowed: {url_problem(refused[0])} "
                                          f"(a link is [words](https://example.org/…))")
    if misplaced:
        citation = text.citations[misplaced[0]]
        raise LocatedError(citation.items[0].location,
                           f"citation {text.markdown[citation.start:citation.end]!r} stands inside an HTML tag, "
                           f"a link's address or title, or an abbreviation; a citation belongs in the text")
    if not images and "<img" not in html:
        return html
    return _embed_images(html, images, text, root)


def render_inline(text: Text, lang: str, root: str | Path) -> str:
    """``text`` as inline HTML: a lone paragraph loses its ``<p>`` wrapper."""
    html = render(text, lang, root).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


# -- images ----------------------------------------------------------------------------------

_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r'\ssrc="([^"]*)"')


def _embed_images(html: str, images, text: Text, root: str | Path) -> str:
    where = text.location
    folder = _assets_folder(text, root)
    embedded: dict[str, str] = {}
    for src, alt in images:
        if src is None or not src.strip():
            raise BuildError(f"{where}: an image needs a source: ![what it shows]({ASSETS_DIR}/name.png)")
        if src not in embedded:
            embedded[src] = _data_url(src, folder, where)
        if not alt:
            raise BuildError(f"{where}: image {src!r} needs a description of what it shows: "
                             f"![description]({src})")

    def replace(tag: re.Match) -> str:
        found = _SRC.search(tag.group(0))
        src = unescape(found.group(1)) if found else None
        if src not in embedded:  # the sanitiser and the finder read the markup differently
            raise BuildError(f"{where}: image {src!r} is not allowed")
        return tag.group(0)[: found.start(1)] + embedded[src] + tag.group(0)[found.end(1):]

    return _IMG_TAG.sub(replace, html)


def _assets_folder(text: Text, root: str | Path) -> Path:
    root = Path(root).resolve()
    folder = (root / ASSETS_DIR).resolve()
    if not folder.is_relative_to(root):
        raise BuildError(f"{text.location}: the project's {ASSETS_DIR}/ folder leads outside the project")
    return folder


def _data_url(src: str, folder: Path, where) -> str:
    """The image ``src`` names, checked, as a ``data:`` URL."""
    rule = (f"an image must be a file under {ASSETS_DIR}/, named from the project folder: "
            f"![description]({ASSETS_DIR}/chart.png)")
    parts = urlsplit(src.strip())
    path = unquote(parts.path)
    if parts.scheme or parts.netloc or parts.query or parts.fragment or not path or \
            path.startswith(("/", "\\")) or "\x00" in path or "\\" in path:
        raise BuildError(f"{where}: image {src!r} is not allowed: {rule}")
    suffix = Path(path).suffix.lower()
    if suffix not in IMAGE_TYPES:
        raise BuildError(f"{where}: image {src!r} must be one of {', '.join(IMAGE_TYPES)}")
    candidate = folder.parent / path
    try:
        real = candidate.resolve()
    except (OSError, RuntimeError, ValueError):
        raise BuildError(f"{where}: image {src!r} is not allowed: {rule}") from None
    if not real.is_relative_to(folder):
        raise BuildError(f"{where}: image {src!r} is not allowed: it leads outside {ASSETS_DIR}/ ({rule})")
    try:
        info = os.stat(real)
    except OSError:
        raise BuildError(f"{where}: image {src!r} not found") from None
    if not stat.S_ISREG(info.st_mode):
        raise BuildError(f"{where}: image {src!r} is not a file")
    if info.st_size > MAX_IMAGE_BYTES:
        raise BuildError(f"{where}: image {src!r} is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB")
    data = _read_image(str(real), info.st_mtime_ns, info.st_size)
    if data is None:
        raise BuildError(f"{where}: image {src!r} cannot be read")
    if not _looks_like(data, suffix):
        raise BuildError(f"{where}: image {src!r} is not a {suffix[1:].upper()} image")
    return f"data:{IMAGE_TYPES[suffix]};base64,{base64.b64encode(data).decode('ascii')}"


@lru_cache(maxsize=8)
def _read_image(path: str, mtime_ns: int, size: int) -> bytes | None:
    """The file's bytes (cached by path, time and size), at most ``MAX_IMAGE_BYTES``."""
    try:
        return read_regular(path, MAX_IMAGE_BYTES)
    except Unreadable:
        return None


def _looks_like(data: bytes, suffix: str) -> bool:
    """Whether ``data`` starts as a file of type ``suffix`` does."""
    if suffix == ".png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if suffix == ".gif":
        return data[:6] in (b"GIF87a", b"GIF89a")
    if suffix == ".webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and b"<svg" in head
