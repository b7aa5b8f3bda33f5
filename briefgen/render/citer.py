"""Citations made as a template shows them: numbered, written by the style, recorded as claims.

A view's text fields are ``Rich`` values: Markdown rendered to sanitised HTML whose
citation slots turn into markers, written by the citation style's ``marker`` macro (or,
in print, into footnotes), when the template outputs them. Sources are numbered per
document in the order the template first shows a citation. Each marker made is recorded as
a ``Claim`` (``briefgen.render.claims``) for the site's Sources page.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from briefgen.content.citations import Numbering
from briefgen.content.model import Citation, CiteItem, Source, Text
from briefgen.errors import LocatedError
from briefgen.render import environment, markdown
from briefgen.render.claims import Claim, Frame, claims_in, shorten
from briefgen.render.environment import RenderTimeout
from briefgen.render.notes import Notes, joined_locators
from briefgen.render.pieces import SLOT, SLOT_CLOSE, SLOT_OPEN, tags_and_text


@dataclass(frozen=True)
class CiteItemView:
    """One reference of a citation, as the citation style's macros receive it."""

    number: int
    anchor: str
    source: Source
    prefix: str
    locator: str
    suffix: str
    suppress_author: bool
    first: bool  # the first citation of this source in the document (full note, not short)
    ref_id: str = ""  # a unique id for this citation, for the marker, so the Sources list can link back
    again: bool = False  # in a note: the note just before cites this source alone
    ibid: bool = False   # in a note: again, and the project writes such notes "Ibid."
    same_locator: bool = False  # in an "Ibid." note: no locator, or the one of the note before


class Citer:
    """Turns a citation into its marker HTML: numbers it, then calls the style's macros.

    One citer serves one document: ``lang`` is its language (the typography of its texts),
    ``root`` the project folder its texts' images come from. With ``footnote`` set (print,
    and a style that writes notes), each citation becomes a numbered call linking to a
    footnote that the PDF sets at the foot of the page. The macros are attached once the
    style's template module exists (it needs the context that holds the texts this citer
    renders). With ``record`` set, every marker made is kept in ``claims``.
    """

    def __init__(self, numbering: Numbering, lang: str, root: Path, record: bool = False):
        self.numbering = numbering
        self.lang = lang
        self.root = root
        self.record = record
        self.marker: Callable[[list[CiteItemView]], str] | None = None
        self.namer: Callable[[list[CiteItemView]], str] | None = None  # the style's ``named``, if it has one
        self.notes: Notes | None = None  # in print, with a style that writes notes
        self.occurrences: dict[str, list[str]] = {}  # source key → ids of its citations, in order
        self.claims: list[Claim] = []

    def start(self) -> None:
        """Begin a rendering pass: notes count from 1 again, every source is new again."""
        if self.notes is not None:
            self.notes.start()
        self.occurrences = {}
        self.claims = []

    def __call__(self, citation: Citation, claim: tuple[Frame, str, str] | None = None) -> str:
        """The marker of ``citation``, or in print the placeholder of its note (``settle``);
        ``claim`` (its frame, the claim, the heading it follows) is recorded for each of its
        sources when claims are kept."""
        items = self.items(citation, claim)
        if self.notes is not None:
            return self.notes.hold(items)
        if self.marker is None:
            raise RuntimeError("the citation style's marker macro is not attached")
        return str(self.marker(items))

    def settle(self, html: str) -> str:
        """A filled text's note placeholders made notes (in print; otherwise ``html`` as it is)."""
        return self.notes.settle(html) if self.notes is not None else html

    def named(self, citation: Citation, claim: tuple[Frame, str, str] | None = None) -> str:
        """``citation`` as its sources' short names, linked to their entries and recorded like
        a marker (a table's Source column); the marker for a style with no ``named`` macro."""
        items = self.items(citation, claim)
        return str((self.namer or self.marker)(items))

    def listed(self, uses: Iterable[tuple[Citation, Frame]]) -> str:
        """The sources of ``uses`` (citations, each with the frame of what it supports) named
        once each, in order, with all their locators: a table's Source line. Each name is its
        source's one citation here; every use is recorded as a claim resting on it."""
        found: dict[str, list[tuple[CiteItem, Frame]]] = {}
        for citation, frame in uses:
            for item in citation.items:
                found.setdefault(item.key, []).append((item, frame))
        items = [self._cite(key, "", joined_locators(item for item, _ in pairs), "", False,
                            [(frame, _whole(frame), "") for _, frame in pairs] if self.record else [])
                 for key, pairs in found.items()]
        return str((self.namer or self.marker)(items)) if items else ""

    def items(self, citation: Citation, claim: tuple[Frame, str, str] | None = None) -> list[CiteItemView]:
        """The items of ``citation``, numbered, each given an id and, when claims are kept,
        recorded as a claim."""
        return [self._cite(item.key, item.prefix, item.locator, item.suffix, item.suppress_author,
                           [claim] if claim is not None else [])
                for item in citation.items]

    def _cite(self, key: str, prefix: str, locator: str, suffix: str, suppress_author: bool,
              claims: list[tuple[Frame, str, str]]) -> CiteItemView:
        number = self.numbering.number(key)
        seen = self.occurrences.setdefault(key, [])
        ref_id = f"cite-{number}-{len(seen) + 1}"
        view = CiteItemView(number, f"ref-{number}", self.numbering.sources[key], prefix, locator, suffix,
                            suppress_author, not seen, ref_id)
        seen.append(ref_id)
        for frame, text, heading in claims:
            section = " › ".join(part for part in (*frame.section, heading) if part)
            self.claims.append(Claim(key, number, ref_id, frame.anchor, text, section))
        return view


def _whole(frame: Frame) -> str:
    """The claim a ``cite:`` field supports: its frame's whole (a figure's row, a quotation)."""
    return shorten(" ".join(frame.whole.split()))


@dataclass(frozen=True)
class Rich:
    """Content text ready for a template: ``{{ text }}`` gives block HTML, ``{{ text.inline }}``
    inline. ``frame`` says where the text stands, for the claims its citations support."""

    text: Text
    citer: Citer
    frame: Frame = Frame()

    def __html__(self) -> str:
        with _blamed(self.text):
            return self.citer.settle(self._fill(markdown.render(self.text, self.citer.lang, self.citer.root)))

    @property
    def inline(self) -> Markup:
        with _blamed(self.text):
            return Markup(self.citer.settle(self._fill(markdown.render_inline(self.text, self.citer.lang,
                                                                              self.citer.root))))

    @property
    def named(self) -> Markup:
        """A ``cite:`` field as its sources' short names, each linked to its entry (never a note)."""
        return Markup("; ".join(self.citer.named(c, self._whole_claim()) for c in self.text.citations))

    def _whole_claim(self) -> tuple[Frame, str, str] | None:
        return (self.frame, _whole(self.frame), "") if self.citer.record else None

    @property
    def markdown(self) -> str:
        return self.text.markdown

    @property
    def keys(self) -> tuple[str, ...]:
        return self.text.keys

    def __bool__(self) -> bool:
        return bool(self.text.markdown.strip())

    def _fill(self, html_text: str) -> str:
        """The text's HTML with each citation placeholder replaced by its marker, glued to the
        word before it and the punctuation after it so that no line break parts them. A
        placeholder inside a tag (an attribute value) is dropped: a citation belongs in text."""
        citations, citer = self.text.citations, self.citer
        claims = claims_in(self.frame, html_text) if citer.record else {}

        def marker(index: int) -> str:
            if not citer.record:
                return citer(citations[index])
            return citer(citations[index], (self.frame, *claims.get(index, ("", ""))))

        def glued(match: re.Match) -> str:
            space = "\u00a0" if match.group("space") else ""
            return (f'<span class="cite-glue">{match.group("word")}{space}{marker(int(match.group("slot")))}'
                    f'{match.group("punct")}</span>')

        return "".join(SLOT.sub("", piece) if piece.startswith("<") else _GLUED.sub(glued, piece)
                       for piece in tags_and_text(html_text))


@contextmanager
def _blamed(text: Text) -> Iterator[None]:
    """A render time limit that runs out while ``text`` is being rendered names the text —
    its file, line and field — rather than the template that showed it."""
    try:
        yield
    except RenderTimeout:
        field = f" of {text.field_name!r}" if text.field_name else ""
        raise LocatedError(text.location, f"rendering the text{field} took longer than {environment.RENDER_SECONDS} s "
                                          f"(its Markdown is too complex: shorten or simplify it)") from None


# A citation with the word before it and the closing punctuation after it.
_GLUED = re.compile(f"(?P<word>[^\\s]*?)(?P<space>[ \t]?){SLOT_OPEN}(?P<slot>\\d+){SLOT_CLOSE}"
                    f"(?P<punct>[.,;:!?…)\\]»”’]*)")


class CitedSources:
    """The sources a document cites, for the template's Sources list.

    In citation order (numeric styles) or sorted by author, title and date (author-date
    styles). ``stale`` tells the renderer that the list was read before the last citation
    was shown (a template that puts its Sources first), so the document must be rendered again.
    """

    def __init__(self, numbering: Numbering, order: str = "citation", citer: Citer | None = None,
                 entry_text: Callable[[Source], str] | None = None,
                 formatted: Callable[[Source], str] | None = None,
                 appraised: Callable[[Source], str] | None = None):
        self._numbering = numbering
        self._order = order
        self._citer = citer
        self._entry_text = entry_text  # what alphabetical lists sort by
        self._formatted = formatted    # the style's entry for a source
        self._appraised = appraised    # the source's grade and assessment, in words
        self._seen: int | None = None

    def __iter__(self):
        occurrences = self._citer.occurrences if self._citer else {}
        entries = [SourceEntry(number, source, tuple(occurrences.get(source.id, ())),
                               self._formatted(source) if self._formatted else "",
                               self._appraised(source) if self._appraised else "")
                   for number, source in self._numbering.cited()]
        if self._order == "alphabetical":
            entries.sort(key=lambda e: _sort_key(self._entry_text(e.source) if self._entry_text else e.source.title))
        self._observe(len(entries))
        return iter(entries)

    def __len__(self) -> int:
        return self._observe(len(self._numbering.order))

    def _observe(self, count: int) -> int:
        self._seen = count if self._seen is None else min(self._seen, count)
        return count

    @property
    def stale(self) -> bool:
        """Whether any reading of the list came before the document's last new citation."""
        return self._seen is not None and self._seen != len(self._numbering.order)


def _sort_key(entry_html: str) -> str:
    """Bibliography order: by what the entry starts with, as a reader looks it up.

    Tags, opening brackets and quotation marks are ignored, and accents do not send "Élysée"
    after "Zelensky".
    """
    text = re.sub(r"<[^>]+>", "", entry_html)
    text = unicodedata.normalize("NFKD", html.unescape(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"^[\s\[“‘\"'«(_]+", "", text).casefold()


@dataclass(frozen=True)
class SourceEntry:
    number: int
    source: Source
    backrefs: tuple[str, ...] = ()  # ids of the citations of this source, when the list follows them
    formatted: str = ""             # the entry as the citation style writes it
    appraisal: str = ""             # its grade and the team's public assessment, in words

    @property
    def anchor(self) -> str:
        return f"ref-{self.number}"
