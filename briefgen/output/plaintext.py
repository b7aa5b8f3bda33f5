"""The plain-text part of the e-mail edition, read from its HTML: readable on its own.

Headings are underlined, paragraphs wrapped at 72 characters, list items numbered or
bulleted with a hanging indent, table rows one a line with their cells apart, and a link
whose text is not its address followed by the address in angle brackets. A link inside the
message (a citation marker's ``#ref-3``) keeps only its text: ``[3]``. Nothing of Markdown
is left to read, because the HTML was made from it.
"""

from __future__ import annotations

import textwrap
from html.parser import HTMLParser

WIDTH = 72
BLOCKS = {"p", "div", "section", "header", "footer", "figure", "figcaption", "blockquote", "dl", "dt", "dd",
          "table", "thead", "tbody", "ol", "ul", "main", "nav", "aside", "td"}
HEADINGS = {"h1": "=", "h2": "-", "h3": "", "h4": "", "h5": "", "h6": ""}
SKIPPED = {"head", "style", "script", "template"}
EXTERNAL = ("http://", "https://", "mailto:")
BREAK = "\x00"  # a <br>: text never holds it


def plain_text(html: str) -> str:
    """The text of ``html`` as an e-mail's plain-text part, ending in one newline."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.flush()
    return "\n\n".join(reader.blocks).strip() + "\n"


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.words: list[str] = []
        self.lists: list[list] = []       # [ordered, next number] per open list
        self.prefix = ""                  # the bullet or number of the list item being read
        self.links: list[str] = []        # hrefs of the open links
        self.link_start: list[int] = []
        self.skipping = 0
        self.heading = ""
        self.cells: list[str] | None = None  # the cells of the table row being read
        self.spans: list[bool] = []        # for each open span, whether it holds a timeline date
        self.tables: list[bool] = []       # for each open table, whether it only lays out (role=presentation)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in SKIPPED or "hidden" in attributes or self.skipping:
            self.skipping += tag not in ("br", "img", "meta", "link", "input")
            return
        if tag == "table":
            self.tables.append(attributes.get("role") == "presentation")
        if tag in HEADINGS or tag == "li" or tag in BLOCKS or tag == "tr":
            self.flush()
        if tag in HEADINGS:
            self.heading = tag
        elif tag in ("ol", "ul"):  # an ordered list shown without numbers (a timeline) reads as bullets
            unnumbered = "list-style: none" in (attributes.get("style") or "")
            self.lists.append([tag == "ol" and not unnumbered, 1])
        elif tag == "li":
            self._item(attributes.get("value"))
        elif tag == "tr" and not self._layout():
            self.cells = []
        elif tag == "br":
            self.words.append(BREAK)
        elif tag == "a":
            self.links.append(attributes.get("href") or "")
            self.link_start.append(len(self.words))
        elif tag == "span":
            self.spans.append("timeline-date" in (attributes.get("class") or "").split())
        elif tag == "img" and attributes.get("alt"):
            self.words.append(f"[{attributes['alt']}]")

    def handle_endtag(self, tag):
        if self.skipping:
            self.skipping -= 1
            return
        if tag == "a" and self.links:
            href, start = self.links.pop(), self.link_start.pop()
            shown = "".join(self.words[start:]).strip()
            if href.startswith(EXTERNAL) and shown != href and shown not in (href.removeprefix("mailto:"),):
                self.words.append(f" <{href}>")
        elif tag == "span" and self.spans:
            if self.spans.pop():
                self.words.append(": ")
        elif tag in ("th", "td") and self.cells is not None:
            self.cells.append(" ".join("".join(self.words).split()))
            self.words = []
        elif tag == "tr" and self.cells is not None:
            cells, self.cells = [c for c in self.cells if c], None
            if cells:
                self.blocks.append(_wrap(" | ".join(cells), "", "  "))
        elif tag in ("ol", "ul") and self.lists:
            self.flush()
            self.lists.pop()
        elif tag == "table":
            self.flush()
            if self.tables:
                self.tables.pop()
        elif tag in HEADINGS or tag in BLOCKS or tag == "li":
            self.flush()

    def handle_data(self, data):
        if not self.skipping:
            self.words.append(data)

    def _layout(self) -> bool:
        """Whether the innermost table only lays out the message: its cells are blocks, not data."""
        return not self.tables or self.tables[-1]

    def _item(self, value: str | None) -> None:
        depth = "   " * max(len(self.lists) - 1, 0)
        if self.lists and self.lists[-1][0]:
            if value and value.isdigit():
                self.lists[-1][1] = int(value)
            self.prefix = f"{depth}{self.lists[-1][1]}. "
            self.lists[-1][1] += 1
        else:
            self.prefix = f"{depth}- "

    def flush(self) -> None:
        """End the block being read: wrap it, underline a heading, indent a list item."""
        if self.cells is not None:
            return  # a cell's words wait for the end of the cell
        lines = [" ".join(part.split()) for part in "".join(self.words).split(BREAK)]
        text = "\n".join(line for line in lines if line)
        self.words = []
        if text:
            if self.heading:
                underline = HEADINGS[self.heading]
                text = text.upper() if not underline else text + "\n" + underline * min(len(text), WIDTH)
                self.blocks.append(text)
            else:
                hanging = " " * len(self.prefix)
                self.blocks.append("\n".join(_wrap(line, self.prefix if n == 0 else hanging, hanging)
                                             for n, line in enumerate(text.split("\n"))))
        self.heading = ""
        self.prefix = ""


def _wrap(text: str, first: str, rest: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)
