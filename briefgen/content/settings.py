"""The kinds of setting ``briefgen.toml`` holds, each read with a located error.

A setting is declared once on ``briefgen.content.config.Config`` with ``setting(kind,
default, doc)``; reading, checking and the settings table in docs/configuration.md all
follow from the declaration. A kind gets the TOML value and a ``Place`` (which words errors
and resolves paths) and returns the setting's value, or None after an error (the default
then applies).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from briefgen.content.reader import LANG
from briefgen.errors import suggest


class Place(Protocol):
    """Where a setting is read: its project folder, and how its errors are recorded."""

    root: Path

    def error(self, key: str, message: str) -> None: ...


class SettingKind:
    """What a setting holds and how it is checked."""

    def read(self, place: Place, key: str, value: Any) -> Any:
        raise NotImplementedError


class Text(SettingKind):
    def read(self, place, key, value):
        if not isinstance(value, str):
            place.error(key, f"{key!r} must be a string")
            return None
        return value.strip()


class Choice(SettingKind):
    """One of ``choices``; ``spellings`` maps other accepted spellings (lower case) to them."""

    def __init__(self, *choices: str, spellings: dict[str, str] | None = None):
        self.choices, self.spellings = choices, spellings or {}

    def read(self, place, key, value):
        text = Text().read(place, key, value)
        if text is None:
            return None
        chosen = self.spellings.get(text.lower(), text)
        if chosen not in self.choices:
            place.error(key, f"{key!r} must be one of {', '.join(self.choices)}, not {text!r}"
                             f"{suggest(text, self.choices)}")
            return None
        return chosen


class Language(SettingKind):
    def read(self, place, key, value):
        text = Text().read(place, key, value)
        if text is not None and not LANG.match(text):
            place.error(key, f"{key!r} must be a language tag such as en or fr, not {text!r}")
            return None
        return text


class Count(SettingKind):
    """A whole number, 0 or more; ``meaning`` ends the error ("of weeks (0 turns … off)")."""

    def __init__(self, meaning: str = ""):
        self.meaning = meaning

    def read(self, place, key, value):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            place.error(key, f"{key!r} must be a whole number{self.meaning}")
            return None
        return value


class Switch(SettingKind):
    def read(self, place, key, value):
        if not isinstance(value, bool):
            place.error(key, f"{key!r} must be true or false")
            return None
        return value


class File(SettingKind):
    """A file inside the project, of one of ``suffixes``."""

    def __init__(self, *suffixes: str):
        self.suffixes = suffixes

    def read(self, place, key, value):
        text = Text().read(place, key, value)
        if not text:
            return None
        path = _inside(place, key, text)
        if path is None:
            return None
        if not path.is_file():
            place.error(key, f"{key!r}: no such file {text!r}")
            return None
        if path.suffix.lower() not in self.suffixes:
            place.error(key, f"{key!r} must be one of {', '.join(self.suffixes)}, not {path.suffix or text!r}")
            return None
        return path


class Folder(SettingKind):
    """A folder inside the project."""

    def read(self, place, key, value):
        text = Text().read(place, key, value)
        if not text:
            return None
        path = _inside(place, key, text)
        if path is not None and not path.is_dir():
            place.error(key, f"{key!r}: no such folder {text!r}")
            return None
        return path


class Files(SettingKind):
    """A list of files inside the project (a single one may be given as a string)."""

    def __init__(self, *suffixes: str):
        self.file = File(*suffixes)

    def read(self, place, key, value):
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            place.error(key, f"{key!r} must be a list of file paths")
            return None
        paths = (self.file.read(place, key, item) for item in values)
        return tuple(path for path in paths if path is not None)


class Address(SettingKind):
    """An absolute http(s) address, ending in ``/``: where the project's site is published."""

    def read(self, place, key, value):
        text = Text().read(place, key, value)
        if not text:
            return None
        try:
            return normalise_base_url(text)
        except ValueError as exc:
            place.error(key, f"{key!r}: {exc}")
            return None


def normalise_base_url(url: str) -> str:
    """``url`` as the site's address, ending in ``/``; ``ValueError`` unless an absolute http(s) URL."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"the base URL must be an absolute http(s) address such as "
                         f"https://example.org/briefs/, not {url!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"the base URL must not have a query or a fragment: {url!r}")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class Colour(SettingKind):
    """A colour as CSS writes it in hex: ``#b00020`` or ``#b02``."""

    def read(self, place, key, value):
        text = Text().read(place, key, value)
        if not text:
            return None
        if not re.fullmatch(r"#(?:[0-9a-fA-F]{3}){1,2}", text):
            place.error(key, f"{key!r} must be a colour such as \"#b00020\", not {text!r}")
            return None
        return text.lower()


class Words(SettingKind):
    """A table of names to text (``[extra]``), each value checked and located on its own."""

    def read(self, place, key, value):
        if not isinstance(value, dict):
            place.error(key, f"{key!r} must be a table of names and text, such as [{key}] with name = \"…\"")
            return None
        words = []
        for name, text in value.items():
            if isinstance(text, str):
                words.append((str(name), text.strip()))
            else:
                place.error(f"{key}.{name}", f"'{key}.{name}' must be text in quotes, such as {name} = \"…\"")
        return tuple(words)


@dataclasses.dataclass(frozen=True)
class Declared:
    key: str
    kind: SettingKind
    doc: str


def setting(kind: SettingKind, default: Any, doc: str):
    """A ``Config`` field read from the key of its name as ``kind``; ``doc`` says what it does."""
    factory = (lambda: default) if isinstance(default, (list, dict)) else None
    metadata = {"setting": (kind, doc)}
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def settings_of(config: type) -> tuple[Declared, ...]:
    """The declared settings of ``config``, in declaration order."""
    return tuple(Declared(field.name, *field.metadata["setting"]) for field in dataclasses.fields(config)
                 if "setting" in field.metadata)


def _inside(place: Place, key: str, value: str) -> Path | None:
    path = (place.root / value).resolve()
    if not path.is_relative_to(place.root.resolve()):
        place.error(key, f"{key!r} must name a path inside the project, not {value!r}")
        return None
    return path


def toml_key_line(lines: list[str], key: str, section: str) -> tuple[int, int] | None:
    """The line and column of ``key`` in the TOML ``lines``, inside table ``section`` (""
    for the top level), or of the table ``[section.key]`` itself; None when not found."""
    current = ""
    for number, line in enumerate(lines, start=1):
        header = re.match(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$", line)
        if header:
            current = header.group(1).strip()
            if current == ".".join(filter(None, (section, key))):
                return number, 1
            continue
        match = re.match(rf"^(\s*)[\"']?{re.escape(key)}[\"']?\s*[=.]", line)
        if match and current == section:
            return number, len(match.group(1)) + 1
    return None
