"""Timeline entries as templates receive them: made one by one, as a template reads them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefgen.content.model import IsoWeek, PartialDate, TimelineEntry
from briefgen.labels import format_date
from briefgen.render.citer import Citer, Rich
from briefgen.render.claims import Frame


@dataclass(frozen=True)
class EntryView:
    date: PartialDate
    when: str
    text: Rich
    this_week: bool


class Entries(Sequence):
    """Timeline entries as a read-only sequence of ``EntryView``, each made when a template
    first reads it: a weekly brief shows a few of the hundreds of entries its themes hold.
    ``frame`` says where they stand; each entry's claims are led by its date in ``labels``' words."""

    def __init__(self, entries: Iterable[TimelineEntry], citer: Citer, week: IsoWeek | None = None,
                 frame: Frame | None = None, labels: dict | None = None):
        self._entries = tuple(entries)
        self._citer = citer
        self._week = week
        self._frame = frame or Frame()
        self._labels = labels
        self._views: dict[int, EntryView] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self._entries))))
        index = range(len(self._entries))[index]  # negative indexes; IndexError past the end
        view = self._views.get(index)
        if view is None:
            item = self._entries[index]
            view = self._views[index] = EntryView(item.date, item.when, Rich(item.text, self._citer, self._lead(item)),
                                                  self._week is not None and item.falls_in(self._week))
        return view

    def _lead(self, entry: TimelineEntry) -> Frame:
        if self._labels is None:
            return self._frame
        lead = entry.when or format_date(entry.date, self._labels)
        return Frame(self._frame.section, self._frame.anchor, lead=lead)

    def __repr__(self) -> str:
        return f"Entries({len(self._entries)} entries)"
