"""The pieces briefgen cuts HTML into: tags, text, and the placeholders of citations.

Markdown is rendered with each citation replaced by a placeholder (``slot``) made of two
characters of Unicode's private-use area around its number; the document stage swaps
each for its marker. Content may not hold these two characters (the text policy,
``briefgen.content.policy``, refuses them when a file is read), so every slot is one of
ours. Typography and claims walk the same pieces: text is changed or read, tags and
placeholders are left whole.
"""

from __future__ import annotations

import re

from briefgen.content.policy import SLOT_CLOSE, SLOT_OPEN

SLOT = re.compile(f"{SLOT_OPEN}(\\d+){SLOT_CLOSE}")
# A tag that ends a paragraph, a list item, a table cell or a line: what a claim or a note stops at.
BLOCK_END = re.compile(r"<(?:br|/p|/li|/td|/th|/dd|/dt|/h[1-6]|/blockquote|/tr)\b", re.I)
_TAGS = re.compile(r"(<[^>]*>)")
_TAGS_AND_SLOTS = re.compile(f"(<[^>]*>|{SLOT_OPEN}\\d+{SLOT_CLOSE})")


def slot(index: int) -> str:
    """The placeholder of a text's ``index``-th citation."""
    return f"{SLOT_OPEN}{index}{SLOT_CLOSE}"


def tags_and_text(html: str) -> list[str]:
    """``html`` as alternating text and tags (``<…>``); empty pieces included."""
    return _TAGS.split(html)


def tags_text_and_slots(html: str) -> list[str]:
    """``html`` as text, tags and citation placeholders; empty pieces included."""
    return _TAGS_AND_SLOTS.split(html)


def misplaced_slots(html: str, count: int) -> tuple[int, ...]:
    """The citations among ``count`` whose placeholder is not in ``html``'s text exactly once:
    inside a tag (an attribute value: a link's title, an abbreviation) or dropped by the
    sanitiser. A citation belongs in the text."""
    seen = [0] * count
    for piece in _TAGS.split(html):
        if not piece.startswith("<"):
            for found in SLOT.finditer(piece):
                index = int(found.group(1))
                if index < count:
                    seen[index] += 1
    return tuple(index for index, times in enumerate(seen) if times != 1)
