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
