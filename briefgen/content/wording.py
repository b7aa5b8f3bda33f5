"""A project's own words: ``labels/<lang>.yaml`` overrides briefgen's label catalogue key by key.

Each file names a language (``labels/fr.yaml``, ``labels/fr-CA.yaml``, or a language
briefgen has no catalogue for, ``labels/de.yaml``, whose missing words stay English). Its
keys are the catalogue's: a section (``site:``, ``charts:``, ``grading:``…) overrides only
the words it gives. Checked like content, with located errors: an unknown key (with "did
you mean"), a list where a word belongs, a month list that is not twelve months long, a
``{placeholder}`` briefgen does not fill in.
"""

from __future__ import annotations

import string
from pathlib import Path

from briefgen.content.load import Mapping, Node, Scalar, Sequence, load_file
from briefgen.content.reader import LANG
from briefgen.errors import Diagnostics, Location, suggest
from briefgen.labels import Catalogues, available, catalogue

LABELS_DIR = "labels"
# Tables whose keys are open: a project may name another language, genre or yardstick term.
OPEN_TABLES = ("language_names", "in_language", "genres", "yardstick_terms")


def load_labels(root: Path, diagnostics: Diagnostics) -> Catalogues:
    """The project's catalogues: briefgen's, with the words of each ``labels/<lang>.yaml`` over them."""
    folder = root / LABELS_DIR
    if not folder.is_dir():
        return Catalogues()
    reference = _every_key()
    overrides = {}
    for path in sorted(folder.glob("*.yaml")):
        display = f"{LABELS_DIR}/{path.name}"
        if not LANG.match(path.stem):
            diagnostics.error(Location(display), f"{path.name!r} is not named after a language: "
                                                 f"name it with a language tag, such as fr.yaml")
            continue
        loaded = load_file(path, display, diagnostics)
        if loaded is None:
            continue
        if not isinstance(loaded.root, Mapping):
            where = loaded.root.location if loaded.root is not None else Location(display, 1, 1)
            diagnostics.error(where, "a label file is a mapping of catalogue keys to words, such as 'series: …'")
            continue
        overrides[path.stem] = _words(loaded.root, reference, "", diagnostics)
    return Catalogues.of(overrides)


def _every_key() -> dict:
    """Every key of briefgen's catalogues, with an example value: English's, with any key
    another language adds (``first_day``)."""
    reference: dict = {}
    for lang in available():
        for key, value in catalogue(lang).items():
            if isinstance(value, dict) and isinstance(reference.get(key), dict):
                reference[key] = {**value, **reference[key]}
            else:
                reference.setdefault(key, value)
    return reference


def _words(node: Mapping, reference: dict, where: str, diagnostics: Diagnostics) -> dict:
    """The words of mapping ``node``, checked against ``reference`` (the catalogue at ``where``)."""
    words = {}
    for key, value in node.values.items():
        name = f"{where}.{key}" if where else key
        if where in OPEN_TABLES:
            expected = None  # any word
        elif key in reference:
            expected = reference[key]
        else:
            known = [f"{where}.{k}" if where else k for k in reference]
            diagnostics.error(node.keys[key].location, f"unknown label {name!r}{suggest(name, known)}")
            continue
        word = _word(value, expected, name, diagnostics)
        if word is not None:
            words[key] = word
    return words


def _word(node: Node, expected, name: str, diagnostics: Diagnostics):
    """One override: a mapping, a list or a word, as the catalogue has there; None after an error."""
    if isinstance(expected, dict):
        if not isinstance(node, Mapping):
            diagnostics.error(node.location, f"{name!r} is a table of words: give it as 'key: word' lines")
            return None
        return _words(node, expected, name, diagnostics)
    if isinstance(expected, list):
        items = node.items if isinstance(node, Sequence) else ()
        if not isinstance(node, Sequence) or len(items) != len(expected) or not all(
                isinstance(item, Scalar) and not item.is_null for item in items):
            diagnostics.error(node.location, f"{name!r} is a list of {len(expected)} words, as in "
                                             f"[{', '.join(map(str, expected[:2]))}, …]")
            return None
        return [item.value.strip() for item in items]
    if not isinstance(node, Scalar) or node.is_null:
        diagnostics.error(node.location, f"{name!r} must be a word or a sentence, not "
                                         f"{'nothing' if isinstance(node, Scalar) else 'a list or a table'}")
        return None
    filled = _fields(str(expected)) if expected is not None else None
    if filled:  # briefgen fills in this label's {placeholders}: the project's must be among them
        used = _fields(node.value)
        if used is None:
            diagnostics.error(node.location, f"{name!r} has an unmatched brace: write {{{{ and }}}} for a brace "
                                             f"itself")
            return None
        if used - filled:
            diagnostics.error(node.location, f"{name!r} uses {_listed(used - filled)}, which briefgen does not "
                                             f"fill in here (it fills in {_listed(filled)})")
            return None
    return node.value.strip()


def _fields(text: str) -> set[str] | None:
    """The ``{placeholders}`` of a label; None for text that is not a valid format string."""
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}
    except ValueError:
        return None


def _listed(fields: set[str]) -> str:
    return ", ".join(f"{{{field}}}" for field in sorted(fields))
