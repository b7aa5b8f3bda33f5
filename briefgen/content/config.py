"""The project configuration: ``briefgen.toml``, or ``[tool.briefgen]`` in ``pyproject.toml``.

What an editor sets once — series name, organisation, logo, default handling line, page
size, language, citation style, templates folder, extra stylesheets, grading scheme… —
declared once on ``Config`` (``briefgen.content.settings``), with located errors for
anything unknown or wrong.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.content.grading import Grading, GradingSetting
from briefgen.content.load import read_text
from briefgen.content.mailing import MailConfig, MailSetting
from briefgen.content.policy import text_problem
from briefgen.content.settings import (
    Address,
    Choice,
    Colour,
    Count,
    File,
    Files,
    Folder,
    Language,
    Switch,
    Text,
    Words,
    setting,
    settings_of,
    toml_key_line,
)
from briefgen.content.wording import load_labels
from briefgen.content.yardstick import PHIA, Yardstick, YardstickSetting
from briefgen.errors import ContentError, Diagnostics, Location, suggest
from briefgen.labels import Catalogues

CONFIG_FILE = "briefgen.toml"
PYPROJECT = "pyproject.toml"
PAGE_SIZES = {"a4": "A4", "letter": "Letter", "a5": "A5", "legal": "Legal"}
LOGO_TYPES = (".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp")
NOTES = ("footnotes", "endnotes")
NOTES_PER = ("paragraph", "citation")
FIGURE_SOURCES = ("auto", "column", "below", "markers")
DEFAULT_CITATION_STYLE = "chicago-notes"
MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Config:
    """Project settings, each declared once: its kind, its default and what it does. Every
    setting has a default, so a project needs no config file."""

    path: str = ""  # the file the settings came from ("" for none)
    series: str = setting(Text(), "", "the series name, instead of the catalogue's (\"Weekly Brief\")")
    organisation: str = setting(Text(), "", "the organisation's name, on every document and feed")
    logo: Path | None = setting(File(*LOGO_TYPES), None, "an image under the project, at the top of every document")
    handling: str = setting(Text(), "", "the handling line of weekly briefs that give none")
    banner: str = setting(Text(), "", "a marking at the top and bottom of every page of every document")
    banner_colour: str = setting(Colour(), "#7a1f1f", "the banner's colour; its text is white or black, "
                                 "whichever reads better")
    page_header: str = setting(Text(), "", "the running header's text, instead of the document's title")
    page_footer: str = setting(Text(), "", "the running footer's text, instead of the handling line")
    page_size: str = setting(Choice(*PAGE_SIZES.values(), spellings=PAGE_SIZES), "A4", "the PDF page size")
    lang: str = setting(Language(), "en", "the language of documents that give none")
    citation_style: str = setting(Text(), DEFAULT_CITATION_STYLE,
                                  "chicago-notes, numbered, chicago-author-date, apa, or one in templates/citation/")
    citation_style_weekly: str = setting(Text(), "", "the citation style of weekly briefs (default: citation_style)")
    citation_style_themes: str = setting(Text(), "", "the citation style of theme notes (default: citation_style)")
    templates: Path | None = setting(Folder(), None, "the project's templates folder (default: templates/)")
    extra_css: tuple[Path, ...] = setting(Files(".css"), (), "stylesheets applied after style.css")
    stale_after_weeks: int = setting(Count(" of weeks (0 turns the warning off)"), 12,
                                     "check warns about themes not reviewed for longer; 0: never")
    notes: str = setting(Choice(*NOTES), "footnotes", "in the PDF: footnotes at the foot of the page, or endnotes")
    notes_per: str = setting(Choice(*NOTES_PER), "paragraph",
                             "footnotes: one for a run of citations of a source in a paragraph, or one per citation")
    ibid: bool = setting(Switch(), False, "footnotes: \"Ibid.\" for the source of the note just before")
    figure_sources: str = setting(Choice(*FIGURE_SOURCES), "auto",
                                  "key-figures tables: a Source column, a Source line below, a marker per row, or "
                                  "auto: the line for a table of one source, else the column")
    grading: Grading = setting(GradingSetting(), Grading(),
                               "\"admiralty\" (A–F and 1–6), or a [grading] table of the project's own grades")
    require_grades: bool = setting(Switch(), False, "check warns about a source with no grade")
    yardstick: Yardstick = setting(YardstickSetting(), PHIA,
                                   "\"phia\" (the PHIA Probability Yardstick), \"icd203\", or a [yardstick] table")
    base_url: str = setting(Address(), "", "the published site's address: publish's default --base-url, and "
                                           "where the e-mail edition links to")
    email: MailConfig = setting(MailSetting(), MailConfig(),
                                "an [email] table: from, host, port, security, bcc (see docs/weekly.md)")
    extra: tuple[tuple[str, str], ...] = setting(Words(), (), "an [extra] table of the project's own words, "
                                                 "read by templates as config.extra.<name>")
    labels: Catalogues = field(default_factory=Catalogues)  # briefgen's words with the project's labels/<lang>.yaml

    def style_for(self, kind: str) -> str:
        """The citation style of documents of ``kind`` ("weekly" or "themes")."""
        chosen = {"weekly": self.citation_style_weekly, "themes": self.citation_style_themes}.get(kind, "")
        return chosen or self.citation_style

    @property
    def styles(self) -> tuple[str, ...]:
        """Every citation style the project's documents use."""
        return tuple(dict.fromkeys(self.style_for(kind) for kind in ("themes", "weekly")))


KEYS = tuple(declared.key for declared in settings_of(Config))


def load_config(root: Path) -> Config:
    """Read the project's configuration; raises ``ContentError`` with every problem found."""
    diagnostics = Diagnostics()
    config = dataclasses.replace(_read(root, diagnostics), labels=load_labels(root, diagnostics))
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
        diagnostics.error(where, f"invalid TOML: {_toml_problem(str(exc).split(' (at line')[0], text, where)}")
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
    """Reads each declared setting, locating errors by finding the key's line in the file."""

    def __init__(self, root: Path, display: str, text: str, section: str, diagnostics: Diagnostics):
        self.root, self.display, self.diagnostics = root, display, diagnostics
        self.lines = text.splitlines()
        self.section = section

    def where(self, key: str) -> Location:
        found = toml_key_line(self.lines, key, self.section)
        if found is None and "." in key:  # a value inside a table: [table] then name = …
            table, _, name = key.rpartition(".")
            found = toml_key_line(self.lines, name, ".".join(filter(None, (self.section, table))))
        return Location(self.display, *found) if found else Location(self.display, 1, 1)

    def error(self, key: str, message: str) -> None:
        self.diagnostics.error(self.where(key), message)

    def read(self, data: dict) -> Config:
        refused = [key for key in data if not self.allowed(key, key) or not self.allowed(key, data[key])]
        data = {key: value for key, value in data.items() if key not in refused}
        for key in data:
            if key not in KEYS:
                self.error(key, f"unknown setting {key!r}{suggest(key, KEYS)}")
        values = {}
        for declared in settings_of(Config):
            if declared.key in data:
                value = declared.kind.read(self, declared.key, data[declared.key])
                if value is not None:
                    values[declared.key] = value
        return Config(path=self.display, **values)

    def allowed(self, key: str, value) -> bool:
        """Whether every string in ``value`` passes the text policy (an error at ``key`` otherwise)."""
        strings = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else \
            [*value, *value.values()] if isinstance(value, dict) else []
        for item in strings:
            problem = text_problem(item) if isinstance(item, str) else None
            if problem is not None:
                self.error(key, f"{key!r}: {problem[1]}")
                return False
            if isinstance(item, (list, dict)) and not self.allowed(key, item):
                return False
        return True


def _toml_problem(problem: str, text: str, where: Location) -> str:
    """tomllib's words, with the first line of a key given twice ("Cannot overwrite a value")."""
    if problem != "Cannot overwrite a value" or not where.line:
        return problem
    line = text.splitlines()[where.line - 1] if where.line <= len(text.splitlines()) else ""
    key = line.split("=", 1)[0].strip().strip('"')
    for number, earlier in enumerate(text.splitlines()[: where.line - 1], start=1):
        if earlier.split("=", 1)[0].strip().strip('"') == key and "=" in earlier:
            return f"{key!r} is given twice (first on line {number})"
    return f"{key!r} is given twice" if key else problem

