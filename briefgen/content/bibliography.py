"""Read bibliographies: CSL-YAML (``sources.yaml``), CSL-JSON and BibTeX, as Zotero exports them.

Every format is read into the same located CSL items and checked by the same declaration
(``briefgen.content.model.Source``), so a URL, a date or a type is held to one rule
whichever format it came in.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from briefgen.content.bibtex import read_bibtex
from briefgen.content.load import LoadedFile, load_file, load_text, read_text
from briefgen.content.model import Source
from briefgen.content.read import read_sources
from briefgen.errors import Diagnostics, Location

FORMATS = {".yaml": "csl-yaml", ".yml": "csl-yaml", ".json": "csl-json", ".bib": "bibtex"}

def read_bibliography(path: Path, display: str, diagnostics: Diagnostics) -> dict[str, Source]:
    """The sources in one bibliography file, whatever its format."""
    kind = FORMATS.get(path.suffix.lower())
    if kind == "bibtex":
        return read_bibtex(path, display, diagnostics)
    if kind == "csl-json":
        document = _load_json(path, display, diagnostics)
    else:
        document = load_file(path, display, diagnostics)
    return read_sources(document, diagnostics) if document is not None else {}


def _load_json(path: Path, display: str, diagnostics: Diagnostics) -> LoadedFile | None:
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
    return load_text(_joined_pairs(text.replace("\t", " ")), display, diagnostics)


# An escaped backslash, or a JSON escape of a character beyond U+FFFF written as a surrogate pair.
_PAIR = re.compile(r"\\\\|\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def _joined_pairs(text: str) -> str:
    """JSON's ``\\ud83d\\ude00`` as YAML's ``\\U0001F600``: YAML reads each half of a pair as a lone
    surrogate, which the text policy refuses. A lone half stays, and is refused."""
    def joined(match: re.Match) -> str:
        if match.group(1) is None:
            return match.group(0)
        high, low = int(match.group(1), 16), int(match.group(2), 16)
        return f"\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08X}"

    return _PAIR.sub(joined, text)
