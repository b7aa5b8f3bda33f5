"""Where a part of a scalar's value stands in its file, found in time linear in the scalar.

Folding and escapes mean that offsets in a value are not offsets in the file, so the n-th
``@key`` of the value is matched to the n-th ``@key`` of the scalar as the file writes it.
Each scalar is read once, when the first place is asked for: every ``@`` of the value and of
the file is grouped by the key after it, and every line break of the file is noted, so
that each place is then a look-up (a text of 16,000 citations used to take half a minute).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from briefgen.content.citations import KEY
from briefgen.content.load import Scalar
from briefgen.errors import Location

_AT_KEY = re.compile(rf"@({KEY})?")


class Locator:
    """Places in the file of the parts of one scalar's value."""

    def __init__(self, text: str, node: Scalar, value: str):
        self.text, self.node, self.value = text, node, value
        self._ready = False
        self._cursor = node.start

    def key(self, offset: int) -> Location:
        """The place of the ``@key`` that starts at ``offset`` in the value (the scalar's own
        place when the file does not write it as the value does)."""
        self._prepare()
        key, nth = self._value_at.get(offset, (None, 0))
        found = self._raw_of.get(key, [])
        return self._place(found[nth]) if nth < len(found) else self.node.location

    def fragment(self, fragment: str) -> Location:
        """The place of the next occurrence of ``fragment``, asked for in the order they stand."""
        index = self.text.find(fragment, self._cursor, self.node.end) if self._cursor < self.node.end else -1
        if index < 0:
            self._cursor = self.node.end  # written otherwise (folded, escaped): stop looking
            return self.node.location
        self._cursor = index + len(fragment)
        return self._place(index)

    def _prepare(self) -> None:
        if self._ready:
            return
        self._ready = True
        counts: dict[str | None, int] = {}
        self._value_at: dict[int, tuple[str | None, int]] = {}
        for match in _AT_KEY.finditer(self.value):
            key = match.group(1)
            self._value_at[match.start()] = (key, counts.get(key, 0))
            counts[key] = counts.get(key, 0) + 1
        self._raw_of: dict[str | None, list[int]] = {}
        for match in _AT_KEY.finditer(self.text, self.node.start, self.node.end):
            self._raw_of.setdefault(match.group(1), []).append(match.start())

    def _place(self, index: int) -> Location:
        """The location of character ``index`` of the file, counted from the scalar's own
        location (never from the start of a file that may be long)."""
        if not hasattr(self, "_breaks"):
            self._breaks = [m.start() for m in re.finditer("\n", self.text[self.node.start:self.node.end])]
        where, relative = self.node.location, index - self.node.start
        lines = bisect_left(self._breaks, relative)
        if not lines:
            return Location(where.path, where.line, where.col + relative)
        return Location(where.path, where.line + lines, relative - self._breaks[lines - 1])
