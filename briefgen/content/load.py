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

from briefgen.content.policy import text_problem
from briefgen.errors import Diagnostics, Location
from briefgen.files import Unreadable, read_regular, undecodable_at

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 100
MAX_TEXT = 20_000_000          # characters of text a file may expand to (aliases repeat text)
SLOW_PARSE_BYTES = 512 * 1024  # a larger file that fails to parse keeps libyaml's wording (PyYAML's own
                               # parser would take seconds per megabyte to word it better)

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
class LoadedFile:
    """A loaded YAML file: its root node (None when empty) and its text."""

    path: str
    root: Node | None
    text: str


def load_file(path: Path, display: str, diagnostics: Diagnostics) -> LoadedFile | None:
    """Read ``path`` and return its node tree, or None after recording errors.

    ``display`` is the path as errors should name it (relative to the project). The file is
    read as ``read_text`` reads every file briefgen is given.
    """
    text = read_text(path, display, diagnostics)
    if text is None:
        return None
    return load_text(text, display, diagnostics)


def read_text(path: Path, display: str, diagnostics: Diagnostics, limit: int = MAX_FILE_BYTES,
              encoding: str = "utf-8-sig") -> str | None:
    """The text of regular file ``path``, or None after a located error: a symbolic link that
    leads out of the project, not a regular file (never a device or a pipe), larger than
    ``limit`` bytes, or not valid UTF-8. Every file of the project briefgen reads is read
    this way: content, bibliographies, the config, stylesheets. ``display`` is the path as
    errors name it; relative, it names the project folder too (``path`` less ``display``)."""
    if not _within_project(path, display, diagnostics):
        return None
    try:
        raw = read_regular(path, limit)
    except Unreadable as why:
        if why.kind == "special":
            message = "cannot read file: not a regular file"
        elif why.kind == "large" and why.size is not None:
            message = f"file is too large ({why.size} bytes; limit {limit})"
        elif why.kind == "large":  # it grew while being read
            message = f"file is too large (more than {limit} bytes)"
        else:
            message = f"cannot read file: {why.detail}"
        diagnostics.error(Location(display), message)
        return None
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        diagnostics.error(Location(display, *undecodable_at(raw, exc)), "file is not valid UTF-8")
        return None


def _within_project(path: Path, display: str, diagnostics: Diagnostics) -> bool:
    """Whether ``path``, after its links, stays in the project folder it is named from."""
    root = _root_of(path, display)
    if root is None or _inside(path, root):
        return True
    try:
        target = str(path.resolve())
    except (OSError, RuntimeError):
        diagnostics.error(Location(display), "cannot read file: a loop of symbolic links")
        return False
    diagnostics.error(Location(display), f"is a link to {target}, outside the project")
    return False


def _root_of(path: Path, display: str) -> Path | None:
    """The folder ``display`` is relative to: ``path`` without ``display``'s parts."""
    parts = Path(display).parts
    if not parts or Path(display).is_absolute() or ".." in parts or len(path.parts) <= len(parts):
        return None
    if tuple(path.parts[-len(parts):]) != parts:
        return None
    return Path(*path.parts[: -len(parts)])


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symbolic link loop
        return False


# libyaml parses about thirty times faster; PyYAML's own parser words errors better, so it
# reads again only a file that failed.
FAST_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def load_text(text: str, display: str, diagnostics: Diagnostics) -> LoadedFile | None:
    """Parse YAML ``text`` (named ``display`` in errors) into a located node tree."""
    try:
        refused, aliases = _scan(text)
        if refused is not None:
            mark, message = refused
            diagnostics.error(_location(display, mark), message)
            return None
        node = yaml.compose(text, Loader=FAST_LOADER)
    except (yaml.YAMLError, RecursionError) as exc:
        if len(text) > SLOW_PARSE_BYTES:
            _report(exc, text, display, diagnostics)
            return None
        return _load_slowly(text, display, diagnostics)
    if aliases:
        refused = _expansion_refused(node)
        if refused is not None:
            mark, message = refused
            diagnostics.error(_location(display, mark), message)
            return None
    return _convert(node, text, display, diagnostics)


def _scan(text: str):
    """(mark, message) where ``text`` nests deeper than ``MAX_DEPTH`` or holds more than
    ``MAX_NODES`` values, or None.

    libyaml's parser keeps its own stack, but PyYAML's composer recurses on the C stack (a
    file of a million ``[`` would crash the process) and builds a heavy node for every value
    (a few megabytes of one-word list items take hundreds of megabytes). So the parser's
    events are counted first, in constant memory, and such a file is never composed.
    """
    depth = count = aliases = 0
    for event in yaml.parse(text, Loader=FAST_LOADER):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return (event.start_mark, f"nesting is deeper than {MAX_DEPTH} levels"), aliases
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
            continue
        elif not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            continue
        aliases += isinstance(event, yaml.AliasEvent)
        count += 1
        if count > MAX_NODES:
            return (event.start_mark, f"document has more than {MAX_NODES} values"), aliases
    return None, aliases


def _expansion_refused(root):
    """(mark, message) where aliases make the document expand past ``MAX_NODES`` values or
    ``MAX_TEXT`` characters, or None.

    Aliases share composed nodes, so each node's expanded size is counted once, bottom up,
    whatever the size it stands for (a "billion laughs" file is refused at once, not after
    walking 200,000 copies). The mark is the innermost node that expands too far.
    """
    sizes: dict[int, tuple[int, int]] = {}
    stack, visiting = [(root, False)], set()
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            visiting.discard(key)
            if isinstance(node, yaml.ScalarNode):
                sizes[key] = (1, len(node.value))
            else:
                children = [sizes[id(child)] for child in _children(node)]
                sizes[key] = (min(1 + sum(c for c, _ in children), MAX_NODES + 1),
                              min(sum(t for _, t in children), MAX_TEXT + 1))
            continue
        if key in sizes:
            continue
        if key in visiting:  # an alias inside its own anchor: the converter reports the depth
            return None
        visiting.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    count, chars = sizes[id(root)]
    if count <= MAX_NODES and chars <= MAX_TEXT:
        return None
    node = root
    while True:  # down to the innermost node still too large
        inner = [child for child in _children(node)
                 if sizes[id(child)][0] > MAX_NODES or sizes[id(child)][1] > MAX_TEXT]
        if not inner:
            break
        node = inner[0]
    if count > MAX_NODES:
        return node.start_mark, f"document has more than {MAX_NODES} values (alias expansion?)"
    return node.start_mark, f"document expands to more than {MAX_TEXT} characters of text (alias expansion?)"


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _load_slowly(text: str, display: str, diagnostics: Diagnostics) -> LoadedFile | None:
    try:
        node = yaml.compose(text, Loader=yaml.BaseLoader)
    except (yaml.YAMLError, RecursionError) as exc:
        _report(exc, text, display, diagnostics)
        return None
    return _convert(node, text, display, diagnostics)


def _report(exc: BaseException, text: str, display: str, diagnostics: Diagnostics) -> None:
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow (NUL, ESC…)
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        character = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        diagnostics.error(Location(display, line, col), f"invalid YAML: character {character} is not allowed")
    elif isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = _location(display, mark) if mark else Location(display)
        diagnostics.error(where, f"invalid YAML: {_whole_problem(exc)}")
    elif isinstance(exc, RecursionError):
        diagnostics.error(Location(display), "invalid YAML: nesting is too deep")
    else:
        diagnostics.error(Location(display), f"invalid YAML: {exc}")


def _whole_problem(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's context and problem in one sentence, with the line of the context when it
    differs: "found duplicate anchor 'x'; first occurrence (line 1), second occurrence"."""
    context, problem = (exc.context or "").strip(), (exc.problem or "").strip()
    if context and exc.context_mark is not None and exc.problem_mark is not None \
            and exc.context_mark.line != exc.problem_mark.line:
        context += f" (line {exc.context_mark.line + 1})"
    text = ", ".join(part for part in (context, problem) if part) or "invalid YAML"
    if "another document" in problem:
        text += ": briefgen reads one YAML document per file (no second '---')"
    return text


def _convert(node, text: str, display: str, diagnostics: Diagnostics) -> LoadedFile | None:
    if node is None:
        return LoadedFile(display, None, text)
    converter = _Converter(display, text, diagnostics)
    root = converter.convert(node, 0)
    if converter.failed:
        return None
    return LoadedFile(display, root, text)


def _location(display: str, mark) -> Location:
    return Location(display, mark.line + 1, mark.column + 1)


def _offset_location(display: str, text: str, index: int) -> Location:
    """The location of character ``index`` of ``text`` (counted once, for an error)."""
    line_start = text.rfind("\n", 0, index) + 1
    return Location(display, text.count("\n", 0, index) + 1, index - line_start + 1)


class _Converter:
    """Walks PyYAML's composed nodes into our immutable located nodes."""

    def __init__(self, display: str, text: str, diagnostics: Diagnostics):
        self.display, self.text = display, text
        self.diagnostics = diagnostics
        self.count = 0
        self.chars = 0
        self.failed = False

    def error(self, mark, message: str) -> None:
        self.diagnostics.error(_location(self.display, mark), message)
        self.failed = True

    def allowed(self, node: yaml.ScalarNode) -> bool:
        """Whether a scalar's text passes the text policy (``briefgen.content.policy``); located
        at the character itself when the file holds it as written, else at the value."""
        problem = text_problem(node.value)
        if problem is None:
            return True
        start, end = node.start_mark.index, node.end_mark.index
        written = text_problem(self.text[start:end])
        if written is None:
            self.error(node.start_mark, problem[1])
        else:
            self.diagnostics.error(_offset_location(self.display, self.text, start + written[0]), written[1])
            self.failed = True
        return False

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
            self.chars += len(node.value)
            if self.chars > MAX_TEXT:
                if self.chars - len(node.value) <= MAX_TEXT:
                    self.error(node.start_mark, f"document expands to more than {MAX_TEXT} characters "
                                                "of text (alias expansion?)")
                return None
            if not self.allowed(node):
                return None
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
            if key_node.tag not in _PLAIN_TAGS:
                self.error(key_node.start_mark, f"unsupported YAML tag {key_node.tag!r} on a key")
                continue
            key = key_node.value
            if not self.allowed(key_node):
                continue
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
