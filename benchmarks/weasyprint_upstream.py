"""Two costs of WeasyPrint's own layout that briefgen's documents pay, measured on minimal
documents (see docs/performance.md, "The target it misses"). Run it after upgrading
WeasyPrint: the figures show whether either has been fixed upstream.

1. Notes: the note area is laid out again, whole, for every note added to a page, so the
   time a note costs grows with the number of notes on its page. Fixed, the last column
   would stay flat.
2. Contents: a page holding ``target-counter(attr(href url), page)`` is laid out three
   times. Fixed, it would be laid out twice (once more, for the page numbers).

Prints a table and a count; takes a few seconds.
"""

from __future__ import annotations

import logging
import statistics
import time

NOTE = "Author Name, “A title of a few words for the note,” <cite>The Daily Example</cite>, 1 May 2025."
STYLE = """
@page { size: A4; margin: 20mm; }
body { font: 10pt/1.4 serif; }
.note { float: footnote; font-size: 7.5pt; }
.toc a::after { content: leader(" .  ") " " target-counter(attr(href url), page); }
section { break-before: page; }
"""


def notes_page(count: int) -> str:
    """One page of prose with ``count`` notes, all of which fit on it."""
    sentences = " ".join(f"A short claim that cites a source.<span class=note>{NOTE}</span>" for _ in range(count))
    return f"<!doctype html><html lang=en><style>{STYLE}</style><body><p>{sentences}</p></body></html>"


def contents_document(sections: int = 4) -> str:
    """A contents list on page 1 pointing at sections that start on pages of their own."""
    entries = "".join(f'<li><a href="#s{n}">Section {n}</a></li>' for n in range(sections))
    bodies = "".join(f'<section id="s{n}"><h2>Section {n}</h2><p>Text.</p></section>' for n in range(sections))
    return (f"<!doctype html><html lang=en><style>{STYLE}</style><body>"
            f"<nav class=toc><ol>{entries}</ol></nav>{bodies}</body></html>")


def layout_seconds(html: str, rounds: int = 3) -> float:
    import weasyprint

    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        document = weasyprint.HTML(string=html).render()
        times.append(time.perf_counter() - started)
    assert len(document.pages) == 1, "the notes must all fit on one page"
    return statistics.median(times)


def first_page_layouts(html: str) -> int:
    """How many times WeasyPrint lays out page 1, from its progress log."""
    import weasyprint
    from weasyprint.logger import PROGRESS_LOGGER

    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())

    handler, level = Collect(), PROGRESS_LOGGER.level
    PROGRESS_LOGGER.addHandler(handler)
    PROGRESS_LOGGER.setLevel(logging.INFO)
    try:
        document = weasyprint.HTML(string=html).render()
    finally:
        PROGRESS_LOGGER.removeHandler(handler)
        PROGRESS_LOGGER.setLevel(level)
    assert len(document.pages) > 1
    return sum(1 for m in messages if m == "Step 5 - Creating layout - Page 1")


def main() -> None:
    import weasyprint

    layout_seconds(notes_page(1), rounds=1)  # fonts and caches warm
    print(f"WeasyPrint {weasyprint.__version__}\n")
    print("notes on the page  layout (ms)  ms a note")
    base = layout_seconds(notes_page(0))
    for count in (4, 8, 16, 24, 32):
        seconds = layout_seconds(notes_page(count)) - base
        print(f"{count:>17}  {seconds * 1000:>11.0f}  {seconds * 1000 / count:>9.1f}")
    print(f"\npage 1 laid out, with a contents list: {first_page_layouts(contents_document())} times "
          "(2 expected: once, then once more for the page numbers)")


if __name__ == "__main__":
    main()
