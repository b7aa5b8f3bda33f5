"""A Python-Markdown extension that keeps its link patterns from walking a whole text per link.

Python-Markdown's link, image and reference patterns look for the bracket that closes a
``[`` by walking the text one character at a time, from every ``[``; on text holding many
``[`` that are never closed (or closed only at its very end) that walk is quadratic — 5,000
characters of ``[[[[`` took half a minute. Here the closing bracket of every ``[`` of a
text is found once, in one pass over its brackets, and each look-up is then immediate (the
result is the one Python-Markdown's own walk gives). The walk that reads a link's
``(address "title")`` is bounded instead: an address and title longer than
``MAX_DESTINATION`` characters do not make a link, and the text stays as written.
"""

from __future__ import annotations

import re
import types

from markdown.extensions import Extension
from markdown.inlinepatterns import LinkInlineProcessor

_BRACKET = re.compile(r"[\[\]]")
MAX_DESTINATION = 1024  # characters of "(address "title")" a link may have


def closing_brackets(text: str) -> dict[int, int]:
    """For each ``[`` of ``text`` that is closed, the index of the ``]`` that closes it."""
    closing, opened = {}, []
    for found in _BRACKET.finditer(text):
        if found.group() == "[":
            opened.append(found.start())
        elif opened:
            closing[opened.pop()] = found.start()
    return closing


def _get_text(self, data: str, index: int) -> tuple[str, int, bool]:
    """``LinkInlineProcessor.getText``: the text between the ``[`` just before ``index`` and
    its closing ``]``, the index after that ``]``, and whether there is one."""
    close = data.find("]", index)
    if close < 0:  # nothing closes it: Python-Markdown's walk would have read to the end
        return data[index:], len(data), False
    if data.find("[", index, close) < 0:  # the usual case: no bracket inside
        return data[index:close], close + 1, True
    if self._closing_of is not data:
        self._closing_of, self._closing = data, closing_brackets(data)
    close = self._closing.get(index - 1) if index and data[index - 1] == "[" else None
    if close is None:
        return data[index:], len(data), False
    return data[index:close], close + 1, True


def _bounded(get_link):
    """``LinkInlineProcessor.getLink``, reading at most ``MAX_DESTINATION`` characters."""
    def bounded_link(data: str, index: int):
        return get_link(data[:index + MAX_DESTINATION], index)

    return bounded_link


class LinearBrackets(Extension):
    """Gives every link, image and reference pattern the linear ``getText`` and the bounded
    ``getLink``."""

    def extendMarkdown(self, md) -> None:
        for processor in md.inlinePatterns:
            if isinstance(processor, LinkInlineProcessor):
                processor._closing_of, processor._closing = None, {}
                processor.getText = types.MethodType(_get_text, processor)
                processor.getLink = _bounded(processor.getLink)
