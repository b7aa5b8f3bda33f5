"""BibTeX bibliographies (Zotero and Better BibTeX exports) as located CSL items.

pybtex parses the file and decodes LaTeX; each entry then becomes the CSL item it stands
for, as YAML nodes located at the entry's fields, and is read and checked exactly like an
item of ``sources.yaml``: an ``url`` that is not http(s), an impossible date or an unknown
type is the same located error in either format.
"""

from __future__ import annotations

import re
from pathlib import Path

from briefgen.content.fields import read_record
from briefgen.content.load import LoadedFile, Mapping, Scalar, Sequence, read_text
from briefgen.content.model import Source
from briefgen.content.policy import text_problem
from briefgen.content.read import unique_sources
from briefgen.content.reader import Reader
from briefgen.errors import Diagnostics, Location

# BibTeX entry types → CSL types
BIBTEX_TYPES = {
    "article": "article-journal", "book": "book", "booklet": "pamphlet", "inbook": "chapter",
    "incollection": "chapter", "inproceedings": "paper-conference", "manual": "report",
    "mastersthesis": "thesis", "misc": "document", "online": "webpage", "phdthesis": "thesis",
    "proceedings": "book", "report": "report", "techreport": "report", "unpublished": "manuscript",
    "www": "webpage", "electronic": "webpage",
}
MONTHS = {name: number for number, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
LANGUAGES = {"english": "en", "french": "fr", "german": "de", "ukrainian": "uk", "russian": "ru",
             "polish": "pl", "spanish": "es", "italian": "it"}
# CSL key ← the BibTeX fields that give it, first found wins
FIELDS = {
    "title": ("title",), "container-title": ("journal", "journaltitle", "booktitle"),
    "publisher": ("publisher", "institution", "organization"), "URL": ("url",), "note": ("note",),
    "number": ("number",), "accessed": ("urldate",), "annote": ("annote", "annotation"),
}


def read_bibtex(path: Path, display: str, diagnostics: Diagnostics) -> dict[str, Source]:
    """The sources of BibTeX file ``path``, named ``display`` in errors."""
    import pybtex.errors
    from pybtex.database import BibliographyDataError, parse_string
    from pybtex.scanner import PybtexSyntaxError

    text = read_text(path, display, diagnostics)
    if text is None:
        return {}
    problem = text_problem(text)
    if problem is not None:  # the text policy, on the file as written…
        diagnostics.error(_location(text, problem[0], display), problem[1])
        return {}
    pybtex.errors.set_strict_mode(True)
    try:
        data = parse_string(text, "bibtex")
    except PybtexSyntaxError as exc:
        where = Location(display, exc.lineno or 0, 1 if exc.lineno else 0)
        diagnostics.error(where, f"invalid BibTeX: {exc.error_type}")
        return {}
    except BibliographyDataError as exc:
        key = str(exc).rsplit(": ", 1)[-1]
        starts = _entry_starts(text).get(key.lower(), [])
        where = _location(text, starts[-1][0], display) if starts else Location(display)
        diagnostics.error(where, f"duplicate source id {key!r}")
        return {}
    reader = Reader(LoadedFile(display, None, text), diagnostics)
    starts = _entry_starts(text)
    items = [_item(key, entry, _Places(text, starts.get(key.lower(), []), display))
             for key, entry in data.entries.items()]
    if not all([_allowed(item, diagnostics) for item in items]):
        return {}
    return unique_sources((read_record(reader, item, Source) for item in items), diagnostics)


def _allowed(node, diagnostics: Diagnostics) -> bool:
    """…and on every value once its LaTeX is decoded: the policy holds for what is read."""
    if isinstance(node, Scalar):
        problem = text_problem(node.value)
        if problem is not None:
            diagnostics.error(node.location, problem[1])
        return problem is None
    children = node.items if isinstance(node, Sequence) else tuple(node.values.values())
    return all([_allowed(child, diagnostics) for child in children])


_ENTRY = re.compile(r"@\w+\s*[{(]\s*([^\s,{}()]+)\s*,")


def _entry_starts(text: str) -> dict[str, list[tuple[int, int]]]:
    """Where each entry starts and ends, by key (lower case), found in one pass over the file."""
    matches = list(_ENTRY.finditer(text))
    starts: dict[str, list[tuple[int, int]]] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        starts.setdefault(match.group(1).lower(), []).append((match.start(), end))
    return starts


class _Places:
    """Where an entry and each of its fields stand in the file (the entry's first span)."""

    def __init__(self, text: str, spans: list[tuple[int, int]], display: str):
        self.text, self.display = text, display
        self.span = spans[0] if spans else None
        self.entry = _location(text, self.span[0], display) if self.span else Location(display)

    def of(self, field: str) -> Location:
        if self.span is None:
            return self.entry
        match = re.compile(rf"\b{re.escape(field)}\s*=", re.I).search(self.text, *self.span)
        return _location(self.text, match.start(), self.display) if match else self.entry


def _item(key: str, entry, places: _Places) -> Mapping:
    """The CSL item a BibTeX entry stands for, as located YAML nodes."""
    fields = {name.lower(): _latex(value) for name, value in entry.fields.items()}
    values: dict[str, tuple[object, Location]] = {
        "id": (key, places.entry),
        "type": (BIBTEX_TYPES.get(entry.type.lower(), "document"), places.entry),
    }
    for csl, names in FIELDS.items():
        name = next((n for n in names if fields.get(n)), None)
        if name is not None:
            values[csl] = (fields[name], places.of(name))
    issued = _issued(fields)
    if issued:
        values["issued"] = (issued, places.of("date" if fields.get("date") else "year"))
    language = fields.get("langid") or fields.get("language", "")
    if language:
        values["language"] = (LANGUAGES.get(language.lower(), language.lower()), places.of("language"))
    authors = entry.persons.get("author", [])
    if authors:
        names = tuple(_name(person, places.of("author")) for person in authors)
        values["author"] = (Sequence(names, places.of("author")), places.of("author"))
    nodes = {k: v if isinstance(v, (Sequence, Mapping)) else _scalar(str(v), where) for k, (v, where) in values.items()}
    return Mapping(nodes, {k: _scalar(k, where) for k, (_, where) in values.items()}, places.entry)


def _name(person, where: Location) -> Mapping:
    parts = {"family": _latex(" ".join(person.prelast_names + person.last_names)),
             "given": _latex(" ".join(person.first_names + person.middle_names))}
    parts = {key: value for key, value in parts.items() if value}
    return Mapping({k: _scalar(v, where) for k, v in parts.items()}, {k: _scalar(k, where) for k in parts}, where)


def _issued(fields: dict) -> str:
    """The publication date as CSL writes it (``2025-10-17``, ``2025-10``, ``2025``), or the
    entry's own wording when it is not a date (then reported as such)."""
    if fields.get("date"):
        return fields["date"]
    year = fields.get("year", "")
    if not year.isdigit():
        return year
    month_text = fields.get("month", "").lower()
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
    if month is None:
        return year
    day = fields.get("day", "")
    return f"{year}-{month:02d}" + (f"-{int(day):02d}" if day.isdigit() else "")


def _scalar(value: str, where: Location) -> Scalar:
    return Scalar(value, where, 0, 0, plain=False)


def _latex(value: str) -> str:
    from pybtex.richtext import Text

    return " ".join(Text.from_latex(value).render_as("text").split())


def _location(text: str, index: int, display: str) -> Location:
    line = text.count("\n", 0, index) + 1
    return Location(display, line, index - (text.rfind("\n", 0, index) + 1) + 1)
