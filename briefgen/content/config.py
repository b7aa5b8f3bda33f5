"""The project configuration: ``briefgen.toml``, or ``[tool.briefgen]`` in ``pyproject.toml``.

What an editor sets once — series name, organisation, logo, default handling line, page
size, language, citation style, templates folder, extra stylesheets — with located errors
for anything unknown or wrong.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.content.load import read_text
from briefgen.content.reader import LANG
from briefgen.errors import ContentError, Diagnostics, Location, suggest

CONFIG_FILE = "briefgen.toml"
PYPROJECT = "pyproject.toml"
PAGE_SIZES = {"a4": "A4", "letter": "Letter", "a5": "A5", "legal": "Legal"}
LOGO_TYPES = (".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp")
DEFAULT_CITATION_STYLE = "chicago-notes"
MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Config:
    """Project settings; every field has a default, so a project needs no config file."""

    path: str = ""                 # the file the settings came from ("" for none)
    series: str = ""               # overrides the catalogue's series name ("Weekly Brief")
    organisation: str = ""
    logo: Path | None = None       # an image under the project
    handling: str = ""             # the handling line of briefs that give none
    page_size: str = "A4"
    lang: str = "en"               # the language of documents that give none
    citation_style: str = DEFAULT_CITATION_STYLE
    templates: Path | None = None  # the project's templates folder (default: templates/)
    extra_css: tuple[Path, ...] = field(default_factory=tuple)
    stale_after_weeks: int = 12    # `check` warns about themes not updated for longer; 0: never
    notes: str = "footnotes"       # in the PDF: "footnotes" at the foot of the page, or "endnotes"


KEYS = ("series", "organisation", "logo", "handling", "page_size", "lang", "citation_style",
        "templates", "extra_css", "stale_after_weeks", "notes")
NOTES = ("footnotes", "endnotes")


def load_config(root: Path) -> Config:
    """Read the project's configuration; raises ``ContentError`` with every problem found."""
    diagnostics = Diagnostics()
    config = _read(root, diagnostics)
    if diagnostics.has_errors:
        raise ContentError(diagnostics)
    return config


def _read(root: Path, diagnostics: Diagnostics) -> Config:
    path = root / CONFIG_FILE
    section = ""
    if not os.path.lexists(path):  # a briefgen.toml that is not a file is refused by read_text
        path, section = root / PYPROJECT, "tool.briefgen"
        if not path.is_file():
            return Config()
    display = path.name
    text = read_text(path, display, diagnostics, MAX_CONFIG_BYTES, encoding="utf-8")  # TOML: no BOM
    if text is None:
        return Config()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = Location(display, int(match.group(1)), int(match.group(2))) if match else Location(display)
        diagnostics.error(where, f"invalid TOML: {str(exc).split(' (at line')[0]}")
        return Config()
    except RecursionError:  # tomllib recurses once per level of nested arrays and tables
        diagnostics.error(Location(display), "invalid TOML: nesting is too deep")
        return Config()
    if section:
        data = data.get("tool", {}).get("briefgen")
        if data is None:
            return Config()
    return _Settings(root, display, text, section, diagnostics).read(data)


class _Settings:
    """Checks each setting, locating errors by finding the key's line in the file."""

    def __init__(self, root: Path, display: str, text: str, section: str, diagnostics: Diagnostics):
        self.root, self.display, self.diagnostics = root, display, diagnostics
        self.lines = text.splitlines()
        self.section = section

    def where(self, key: str) -> Location:
        in_section = not self.section
        for number, line in enumerate(self.lines, start=1):
            header = re.match(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$", line)
            if header:
                in_section = header.group(1).strip() == self.section if self.section else False
                continue
            match = re.match(rf"^(\s*)[\"']?{re.escape(key)}[\"']?\s*=", line)
            if match and (in_section or not self.section):
                return Location(self.display, number, len(match.group(1)) + 1)
        return Location(self.display, 1, 1)

    def error(self, key: str, message: str) -> None:
        self.diagnostics.error(self.where(key), message)

    def string(self, data: dict, key: str, default: str = "") -> str:
        value = data.get(key, default)
        if not isinstance(value, str):
            self.error(key, f"{key!r} must be a string")
            return default
        return value.strip()

    def read(self, data: dict) -> Config:
        for key in data:
            if key not in KEYS:
                self.error(key, f"unknown setting {key!r}{suggest(key, KEYS)}")
        lang = self.string(data, "lang", "en")
        if not LANG.match(lang):
            self.error("lang", f"'lang' must be a language tag such as en or fr, not {lang!r}")
            lang = "en"
        page_size = self.string(data, "page_size", "A4")
        if page_size.lower() not in PAGE_SIZES:
            self.error("page_size", f"'page_size' must be one of {', '.join(PAGE_SIZES.values())}, not {page_size!r}")
            page_size = "A4"
        return Config(
            path=self.display,
            series=self.string(data, "series"),
            organisation=self.string(data, "organisation"),
            logo=self.file(data, "logo", LOGO_TYPES),
            handling=self.string(data, "handling"),
            page_size=PAGE_SIZES.get(page_size.lower(), "A4"),
            lang=lang,
            citation_style=self.string(data, "citation_style", DEFAULT_CITATION_STYLE),
            templates=self.folder(data, "templates"),
            extra_css=self.files(data, "extra_css"),
            stale_after_weeks=self.count(data, "stale_after_weeks", 12),
            notes=self.choice(data, "notes", NOTES),
        )

    def choice(self, data: dict, key: str, choices: tuple[str, ...]) -> str:
        value = self.string(data, key, choices[0])
        if value not in choices:
            self.error(key, f"{key!r} must be one of {', '.join(choices)}, not {value!r}{suggest(value, choices)}")
            return choices[0]
        return value

    def count(self, data: dict, key: str, default: int) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.error(key, f"{key!r} must be a whole number of weeks (0 turns the warning off)")
            return default
        return value

    def inside(self, key: str, value: str) -> Path | None:
        path = (self.root / value).resolve()
        if not path.is_relative_to(self.root.resolve()):
            self.error(key, f"{key!r} must name a path inside the project, not {value!r}")
            return None
        return path

    def file(self, data: dict, key: str, suffixes: tuple[str, ...]) -> Path | None:
        value = self.string(data, key)
        if not value:
            return None
        path = self.inside(key, value)
        if path is None:
            return None
        if not path.is_file():
            self.error(key, f"{key!r}: no such file {value!r}")
            return None
        if path.suffix.lower() not in suffixes:
            self.error(key, f"{key!r} must be one of {', '.join(suffixes)}, not {path.suffix or value!r}")
            return None
        return path

    def folder(self, data: dict, key: str) -> Path | None:
        value = self.string(data, key)
        if not value:
            return None
        path = self.inside(key, value)
        if path is not None and not path.is_dir():
            self.error(key, f"{key!r}: no such folder {value!r}")
            return None
        return path

    def files(self, data: dict, key: str) -> tuple[Path, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(key, f"{key!r} must be a list of file paths")
            return ()
        paths = []
        for item in value:
            path = self.file({key: item}, key, (".css",))
            if path is not None:
                paths.append(path)
        return tuple(paths)
