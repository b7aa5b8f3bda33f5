"""One content file into the model: the bibliography, a theme, a weekly brief.

Each file's records are read as ``briefgen.content.model`` declares them, rules that span
a record's fields included; here is only what concerns a file as a whole (a source id is
defined once).
"""

from __future__ import annotations

from collections.abc import Iterable

from briefgen.content.fields import read_record
from briefgen.content.load import LoadedFile, Mapping, Sequence
from briefgen.content.model import Source, Theme, WeeklyBrief
from briefgen.content.reader import Reader
from briefgen.errors import Diagnostics, Location


def read_sources(file: LoadedFile, diagnostics: Diagnostics) -> dict[str, Source]:
    """The bibliography: a list of CSL items (or a mapping with a ``references`` list)."""
    reader = Reader(file, diagnostics)
    root = file.root
    if isinstance(root, Mapping) and set(root.values) == {"references"}:
        root = root.values["references"]
    if not isinstance(root, Sequence):
        where = root.location if root is not None else Location(file.path, 1, 1)
        reader.error(where, "the bibliography must be a list of CSL items (or 'references:' with one)")
        return {}
    return unique_sources((read_record(reader, node, Source) for node in root.items), diagnostics)


def unique_sources(sources: Iterable[Source | None], diagnostics: Diagnostics) -> dict[str, Source]:
    """Sources by id; a second source with the same id is an error naming the first."""
    found: dict[str, Source] = {}
    for source in sources:
        if source is None:
            continue
        if source.id in found:
            first = found[source.id].location
            diagnostics.error(source.location,
                              f"duplicate source id {source.id!r} (first defined at line {first.line})")
            continue
        found[source.id] = source
    return found


def read_theme(file: LoadedFile, theme_id: str, diagnostics: Diagnostics, sources: Iterable[str]) -> Theme | None:
    """One theme file; ``theme_id`` comes from its file name."""
    return read_record(Reader(file, diagnostics, sources), file.root, Theme, id=theme_id, path=file.path)


def read_weekly(file: LoadedFile, brief_id: str, diagnostics: Diagnostics, sources: Iterable[str],
                themes: Iterable[str]) -> WeeklyBrief | None:
    """One weekly brief; ``brief_id`` is its file name, which must be its ISO week."""
    reader = Reader(file, diagnostics, sources, themes)
    return read_record(reader, file.root, WeeklyBrief, id=brief_id, path=file.path)
