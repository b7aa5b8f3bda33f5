"""Read bibliographies: CSL-YAML (``sources.yaml``), CSL-JSON and BibTeX, as Zotero exports them.

Every format ends as the same ``Source`` objects, with located errors.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from briefgen.content.load import Document, load_file, load_text, read_text
from briefgen.content.model import Name, PartialDate, Source
from briefgen.content.reader import read_sources
from briefgen.errors import Diagnostics, Location

FORMATS = {".yaml": "csl-yaml", ".yml": "csl-yaml", ".json": "csl-json", ".bib": "bibtex"}

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


def read_bibliography(path: Path, display: str, diagnostics: Diagnostics) -> dict[str, Source]:
    """The sources in one bibliography file, whatever its format."""
    kind = FORMATS.get(path.suffix.lower())
    if kind == "bibtex":
        return _read_bibtex(path, display, diagnostics)
    if kind == "csl-json":
        document = _load_json(path, display, diagnostics)
    else:
        document = load_file(path, display, diagnostics)
    return read_sources(document, diagnostics) if document is not None else {}


def _load_json(path: Path, display: str, diagnostics: Diagnostics) -> Document | None:
    """CSL-JSON, checked as JSON first, then read as YAML (a superset) to keep locations."""
    text = read_text(path, display, diagnostics)
    if text is None:
        return None
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        diagnostics.error(Location(display, exc.lineno, exc.colno), f"invalid JSON: {exc.msg}")
        return None
    except RecursionError:  # the json module recurses once per level of nesting
        diagnostics.error(Location(display), "invalid JSON: nesting is too deep")
        return None
    # JSON allows tabs as white space where YAML does not; inside JSON strings they are escaped.
    return load_text(text.replace("\t", " "), display, diagnostics)


def _read_bibtex(path: Path, display: str, diagnostics: Diagnostics) -> dict[str, Source]:
    import pybtex.errors
    from pybtex.database import BibliographyDataError, parse_string
    from pybtex.scanner import PybtexSyntaxError

    text = read_text(path, display, diagnostics)
    if text is None:
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
        diagnostics.error(_entry_location(text, key, display, last=True), f"duplicate source id {key!r}")
        return {}
    sources = {}
    for key, entry in data.entries.items():
        source = _bibtex_source(key, entry, _entry_location(text, key, display), diagnostics)
        if source is not None:
            sources[key] = source
    return sources


def _entry_location(text: str, key: str, display: str, last: bool = False) -> Location:
    matches = list(re.finditer(rf"@\w+\s*[{{(]\s*{re.escape(key)}\s*,", text))
    if not matches:
        return Location(display)
    index = matches[-1 if last else 0].start()
    line = text.count("\n", 0, index) + 1
    return Location(display, line, index - (text.rfind("\n", 0, index) + 1) + 1)


def _latex(value: str) -> str:
    from pybtex.richtext import Text

    return " ".join(Text.from_latex(value).render_as("text").split())


def _bibtex_source(key: str, entry, where: Location, diagnostics: Diagnostics) -> Source | None:
    fields = {name.lower(): _latex(value) for name, value in entry.fields.items()}
    if not fields.get("title"):
        diagnostics.error(where, f"BibTeX entry {key!r} has no title")
        return None
    names = tuple(Name(family=_latex(" ".join(p.prelast_names + p.last_names)),
                       given=_latex(" ".join(p.first_names + p.middle_names)))
                  for p in entry.persons.get("author", []))
    language = fields.get("langid") or fields.get("language", "")
    return Source(
        id=key,
        type=BIBTEX_TYPES.get(entry.type.lower(), "document"),
        title=fields["title"],
        location=where,
        author=names,
        container_title=fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle", ""),
        publisher=fields.get("publisher") or fields.get("institution") or fields.get("organization", ""),
        issued=_bibtex_date(fields),
        accessed=_iso(fields.get("urldate", "")),
        url=fields.get("url", ""),
        language=LANGUAGES.get(language.lower(), language.lower()),
        note=fields.get("note", ""),
        number=fields.get("number", ""),
    )


def _bibtex_date(fields: dict) -> PartialDate | None:
    if fields.get("date"):
        return _iso(fields["date"])
    if not fields.get("year", "").isdigit():
        return None
    month_text = fields.get("month", "").lower()
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
    day = int(fields["day"]) if fields.get("day", "").isdigit() and month else None
    return PartialDate(int(fields["year"]), month, day)


def _iso(value: str) -> PartialDate | None:
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    return PartialDate(year, month, day)
