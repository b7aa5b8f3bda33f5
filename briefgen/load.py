"""Stage 1 — load: read a YAML file into a tree of located nodes.

Every scalar stays a string (no implicit typing: ``NO`` is not ``False``, ``2025-07-16``
is not a date) and remembers where it stands in the file, so that later stages can
report ``path:line:col``. Duplicate keys, unsupported tags and runaway alias expansion
are errors, not silent surprises.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from briefgen.errors import Diagnostics, Location

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 100

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass(frozen=True)
class Scalar:
    """A scalar value, kept as the text the file gives."""

    value: str
    location: Location
    start: int  # character offsets of the node in the file's text
    end: int
    plain: bool  # an unquoted plain scalar (so ``~`` or empty means null)

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in ("", "~", "null", "Null", "NULL")


@dataclass(frozen=True)
class Sequence:
    items: tuple[Node, ...]
    location: Location


@dataclass(frozen=True)
class Mapping:
    """A mapping whose keys are strings; ``keys`` keeps each key's own location."""

    values: dict[str, Node]
    keys: dict[str, Scalar]
    location: Location


Node = Scalar | Sequence | Mapping


@dataclass(frozen=True)
class Document:
    """A loaded YAML file: its root node (None when empty) and its text."""

    path: str
    root: Node | None
    text: str


def load_file(path: Path, display: str, diagnostics: Diagnostics) -> Document | None:
    """Read ``path`` and return its node tree, or None after recording errors.

    ``display`` is the path as errors should name it (relative to the project).
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            diagnostics.error(Location(display), f"file is too large ({size} bytes; limit {MAX_FILE_BYTES})")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        diagnostics.error(Location(display), f"cannot read file: {exc.strerror or exc}")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diagnostics.error(Location(display, line, col), "file is not valid UTF-8")
        return None
    return load_text(text, display, diagnostics)


# libyaml parses about thirty times faster; PyYAML's own parser words errors better, so it
# reads again only a file that failed.
FAST_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def load_text(text: str, display: str, diagnostics: Diagnostics) -> Document | None:
    """Parse YAML ``text`` (named ``display`` in errors) into a located node tree."""
    try:
        node = yaml.compose(text, Loader=FAST_LOADER)
    except (yaml.YAMLError, RecursionError):
        return _load_slowly(text, display, diagnostics)
    return _convert(node, text, display, diagnostics)


def _load_slowly(text: str, display: str, diagnostics: Diagnostics) -> Document | None:
    try:
        node = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _location(display, mark) if mark else Location(display)
        problem = exc.problem or exc.context or "invalid YAML"
        diagnostics.error(where, f"invalid YAML: {problem}")
        return None
    except yaml.YAMLError as exc:
        diagnostics.error(Location(display), f"invalid YAML: {exc}")
        return None
    except RecursionError:
        diagnostics.error(Location(display), "invalid YAML: nesting is too deep")
        return None
    return _convert(node, text, display, diagnostics)


def _convert(node, text: str, display: str, diagnostics: Diagnostics) -> Document | None:
    if node is None:
        return Document(display, None, text)
    converter = _Converter(display, diagnostics)
    root = converter.convert(node, 0)
    if converter.failed:
        return None
    return Document(display, root, text)


def _location(display: str, mark) -> Location:
    return Location(display, mark.line + 1, mark.column + 1)


class _Converter:
    """Walks PyYAML's composed nodes into our immutable located nodes."""

    def __init__(self, display: str, diagnostics: Diagnostics):
        self.display = display
        self.diagnostics = diagnostics
        self.count = 0
        self.failed = False

    def error(self, mark, message: str) -> None:
        self.diagnostics.error(_location(self.display, mark), message)
        self.failed = True

    def convert(self, node: yaml.Node, depth: int) -> Node | None:
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                self.error(node.start_mark, f"document has more than {MAX_NODES} values (alias expansion?)")
            return None
        if depth > MAX_DEPTH:
            self.error(node.start_mark, f"nesting is deeper than {MAX_DEPTH} levels")
            return None
        if node.tag not in _PLAIN_TAGS:
            self.error(node.start_mark, f"unsupported YAML tag {node.tag!r}")
            return None
        location = _location(self.display, node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            return Scalar(node.value, location, node.start_mark.index, node.end_mark.index, not node.style)
        if isinstance(node, yaml.SequenceNode):
            items = tuple(self.convert(item, depth + 1) for item in node.value)
            return Sequence(items, location)
        return self.convert_mapping(node, location, depth)

    def convert_mapping(self, node: yaml.MappingNode, location: Location, depth: int) -> Mapping:
        values: dict[str, Node] = {}
        keys: dict[str, Scalar] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node.start_mark, "mapping keys must be plain strings")
                continue
            key = key_node.value
            if key == "<<":
                self.error(key_node.start_mark, "merge keys ('<<') are not supported")
                continue
            if key in keys:
                first = keys[key].location
                self.error(key_node.start_mark, f"duplicate key {key!r} (first defined at line {first.line})")
                continue
            keys[key] = Scalar(key, _location(self.display, key_node.start_mark),
                               key_node.start_mark.index, key_node.end_mark.index, not key_node.style)
            values[key] = self.convert(value_node, depth + 1)
        return Mapping(values, keys, location)
