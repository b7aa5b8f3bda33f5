"""Footnotes as the PDF sets them: which citations share a note, and which notes say "Ibid."

In print, with a style that writes notes, each citation is first held as a placeholder.
When a text has been filled (``Notes.settle``), its placeholders become note calls and
notes, decided a paragraph at a time:

- ``per="paragraph"``: consecutive citations of the same source(s) in one paragraph or
  list item, with no other source between them, share one note, placed after the last
  of them and carrying the locators of them all, so that the next note call after any
  claim is the one that documents it ("Within a single paragraph, one note number will
  do": The Chicago Manual of Style Q&A); ``per="citation"``: a note per citation.
- A note citing one source, the same as the note just before it, is marked ``again``
  (the style may then drop the title, CMOS 17th ed. 14.34, 18th ed. 13.37) and, with
  ``ibid`` set, ``ibid``: written "Ibid.", with its locator only when that differs
  (``same_locator``).

The items are the citer's ``CiteItemView``; ``first`` is set here, for the source's first note.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from collections.abc import Callable, Sequence

from briefgen.render.pieces import BLOCK_END

NOTE_OPEN, NOTE_CLOSE = "\ue002", "\ue003"


class Notes:
    """The footnotes of one document: ``footnote`` writes a note's text from its items."""

    def __init__(self, footnote: Callable[[list], str], per: str = "paragraph", ibid: bool = False):
        self.footnote = footnote
        self.per = per
        self.ibid = ibid
        # A placeholder carries a mark no content can know, so that text which happens to hold
        # the same private-use characters is never taken for a note; it never reaches the output.
        mark = secrets.token_hex(8)
        self._held = re.compile(f"(?P<space>\u00a0?){NOTE_OPEN}(?P<index>\\d+)-{mark}{NOTE_CLOSE}")
        self._pieces = re.compile(f"(<[^>]*>|\u00a0?{NOTE_OPEN}\\d+-{mark}{NOTE_CLOSE})")
        self._mark = mark
        self.start()

    def start(self) -> None:
        """Begin a rendering pass: notes count from 1 again."""
        self.count = 0
        self.held: list[list] = []
        self.noted: set[str] = set()               # sources that have had a note
        self.last: tuple[str, str] | None = None   # (source, locator) of the note just made, if it cites one

    def hold(self, items: list) -> str:
        """A placeholder for the citation of ``items``, settled with the rest of its text."""
        self.held.append(items)
        return f"{NOTE_OPEN}{len(self.held) - 1}-{self._mark}{NOTE_CLOSE}"

    def settle(self, html: str) -> str:
        """``html`` (a filled text) with its placeholders made note calls and notes, or
        removed (the space before them too) where a later call's note covers them."""
        if NOTE_OPEN not in html:
            return html
        notes = self._grouped(html)

        def settled(held: re.Match) -> str:
            items = notes[int(held.group("index"))]
            return held.group("space") + self._note(items) if items else ""

        return self._held.sub(settled, html)

    def _grouped(self, html: str) -> dict[int, list]:
        """Placeholder index → the items of the note it becomes ([] for none): a run of
        citations of the same sources in one block becomes one note, at the run's end."""
        runs: list[list[int]] = []
        previous: tuple | None = None
        for piece in self._pieces.split(html):
            if piece.startswith("<"):
                if BLOCK_END.match(piece):
                    previous = None
                continue
            held = self._held.fullmatch(piece)
            if held is None:
                continue
            index = int(held.group("index"))
            key = tuple((i.source.id, i.prefix, i.suffix, i.suppress_author) for i in self.held[index])
            if self.per == "paragraph" and key == previous:
                runs[-1].append(index)
            else:
                runs.append([index])
            previous = key
        notes: dict[int, list] = {}
        for run in runs:
            notes.update((index, []) for index in run[:-1])
            notes[run[-1]] = _merged([self.held[index] for index in run])
        return notes

    def _note(self, items: list) -> str:
        items = [dataclasses.replace(item, first=item.source.id not in self.noted) for item in items]
        if len(items) == 1 and self.last is not None and self.last[0] == items[0].source.id:
            item = items[0]
            same = not item.locator or item.locator == self.last[1]
            items = [dataclasses.replace(item, again=True, ibid=self.ibid, same_locator=same)]
        self.noted.update(item.source.id for item in items)
        self.last = (items[0].source.id, items[0].locator) if len(items) == 1 else None
        self.count += 1
        n = self.count
        return (f'<a class="note-call" id="note-call-{n}" href="#note-{n}" role="doc-noteref">{n}</a>'
                f'<span class="footnote" id="note-{n}" role="doc-footnote">'
                f'<a class="note-number" href="#note-call-{n}">{n}.</a> {self.footnote(items)}</span>')


def _merged(citations: Sequence[list]) -> list:
    """The items of a run of citations of the same sources, each with the locators of them all."""
    return [dataclasses.replace(item, locator=joined_locators(c[position] for c in citations))
            for position, item in enumerate(citations[0])]


def joined_locators(items) -> str:
    """The distinct locators of ``items``, in order, joined by commas ("para. 3, para. 5")."""
    return ", ".join(dict.fromkeys(item.locator for item in items if item.locator))
