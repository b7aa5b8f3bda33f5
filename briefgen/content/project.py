"""Find a project's content files, load and validate them into one ``Project``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from briefgen.content.bibliography import read_bibliography
from briefgen.content.config import Config
from briefgen.content.cycle import placeholder_errors, previous_id
from briefgen.content.editions import (
    edition_lang,
    edition_problems,
    in_its_language,
    original_id,
    orphan_problem,
    split_id,
    with_themes_in_its_language,
)
from briefgen.content.judging import judgement_errors
from briefgen.content.load import load_file
from briefgen.content.model import Project, Source
from briefgen.content.read import read_theme, read_weekly
from briefgen.content.reader import SLUG, WEEK
from briefgen.content.timing import timing_problems
from briefgen.errors import ContentError, Diagnostics, Location

CONTENT_DIR = "briefs"
SOURCES_STEM = "sources"
BIBLIOGRAPHY_SUFFIXES = (".yaml", ".yml", ".json", ".bib")
CONTENT_SUFFIX = ".yaml"
MAX_ID_CHARS = 64  # a theme's id names its outputs (out/themes/<id>.html) and their temporary files
DEFAULTS = Config()


@dataclass(frozen=True)
class Selection:
    """Which documents a command works on: theme ids and weekly brief ids."""

    themes: tuple[str, ...]
    weekly: tuple[str, ...]
    complete: bool = False  # the whole project (no paths were given)


def find_root(start: Path) -> Path:
    """The project root: the nearest folder at or above ``start`` holding ``briefs/``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONTENT_DIR).is_dir():
            return folder
    return start


def select(root: Path, paths: list[Path], diagnostics: Diagnostics) -> Selection:
    """The documents named by ``paths`` (files or folders); all of them when none are given."""
    content = root / CONTENT_DIR
    files: list[Path] = []
    for path in paths or [content]:
        resolved = path.resolve()
        if resolved.is_dir():
            files.extend(sorted(resolved.rglob("*.yaml")))
        elif resolved.is_file():
            files.append(resolved)
        else:
            diagnostics.error(Location(str(path)), "no such file or folder")
    themes, weekly = [], []
    for file in files:
        kind = _kind(content, file)
        if kind == "themes":
            themes.append(file.stem)
        elif kind == "weekly":
            weekly.append(file.stem)
        elif kind is None:
            hint = misnamed(file)
            diagnostics.error(Location(display_name(root, file)),
                              hint or f"not a theme or weekly brief under {content}")
    return Selection(tuple(dict.fromkeys(themes)), tuple(dict.fromkeys(weekly)), complete=not paths)


def _kind(content: Path, file: Path) -> str | None:
    try:
        relative = file.relative_to(content)
    except ValueError:
        return None
    if len(relative.parts) == 1 and relative.stem == "sources":
        return "sources"
    if len(relative.parts) == 2 and relative.parts[0] in ("themes", "weekly") and file.suffix == ".yaml":
        return relative.parts[0]
    return None


def load_project(root: Path, selection: Selection, config: Config = DEFAULTS) -> Project:
    """Load and validate the bibliography, the selected documents and the themes they use
    (and the original of each language edition selected, which the edition must agree with:
    ``briefgen.content.editions``): each file as the model declares it, each source's grade
    in the config's grading scheme, each judgement's likelihood in its yardstick, and what
    each weekly brief cites against its date (``briefgen.content.timing``).

    Raises ``ContentError`` with every error found.
    """
    diagnostics = Diagnostics()
    content = root / CONTENT_DIR
    theme_ids = _ids(content / "themes", SLUG, diagnostics, root)
    weekly_ids = _ids(content / "weekly", WEEK, diagnostics, root)
    project = Project(root=str(root), complete=selection.complete, lang=config.lang,
                      ids={"themes": tuple(sorted(theme_ids)), "weekly": tuple(sorted(weekly_ids))})
    project.sources.update(_load_sources(root, diagnostics))

    originals = {theme_id for theme_id in theme_ids if not edition_lang(theme_id)}  # what a brief may name
    for brief_id in _with_originals(selection.weekly, weekly_ids):
        path = content / "weekly" / f"{brief_id}.yaml"
        document = load_file(path, display_name(root, path), diagnostics)
        if document is None:
            continue
        brief = read_weekly(document, brief_id, diagnostics, project.sources, originals)
        brief = in_its_language(brief, diagnostics) if brief is not None else None
        if brief is not None and brief_id in weekly_ids:
            project.weekly[brief_id] = with_themes_in_its_language(brief, theme_ids)
    _load_previous(root, project, weekly_ids, originals, diagnostics)

    needed = dict.fromkeys(_with_originals(selection.themes, theme_ids))
    for brief in project.weekly.values():
        needed.update(dict.fromkeys(ref.id for ref in brief.themes))
    for theme_id in needed:
        path = content / "themes" / f"{theme_id}.yaml"
        document = load_file(path, display_name(root, path), diagnostics)
        if document is None or theme_id not in theme_ids:
            continue
        theme = read_theme(document, theme_id, diagnostics, project.sources)
        theme = in_its_language(theme, diagnostics) if theme is not None else None
        if theme is not None:
            project.themes[theme_id] = theme

    edition_problems(project, config.lang, diagnostics)
    _check_grades(project, config.grading, diagnostics)
    judgement_errors(project, config.yardstick, diagnostics)
    placeholder_errors(project, diagnostics)
    if not diagnostics.has_errors:
        timing = Diagnostics()
        timing_problems(project, timing)
        diagnostics.items.extend(timing.errors)
    if diagnostics.has_errors:
        raise ContentError(diagnostics)
    return project


def _with_originals(ids: tuple[str, ...], known: set[str]) -> tuple[str, ...]:
    """``ids`` and the original of each edition among them: an edition is checked against it."""
    wanted = dict.fromkeys(ids)
    wanted.update((original_id(i), None) for i in ids if edition_lang(i) and original_id(i) in known)
    return tuple(wanted)


def _load_previous(root: Path, project: Project, weekly_ids: set[str], themes: set[str],
                   diagnostics: Diagnostics) -> None:
    """Each loaded brief's previous brief (what its "Since No. N" compares with), read from
    its file when the selection did not load it."""
    for brief_id in list(project.weekly):
        before = previous_id(brief_id, weekly_ids)
        if before is None:
            continue
        brief = project.weekly.get(before)
        if brief is None:
            path = root / CONTENT_DIR / "weekly" / f"{before}.yaml"
            document = load_file(path, display_name(root, path), diagnostics)
            brief = read_weekly(document, before, diagnostics, project.sources, themes) if document else None
            brief = in_its_language(brief, diagnostics) if brief is not None else None
        if brief is not None:
            project.previous[brief_id] = brief


def _check_grades(project: Project, grading, diagnostics: Diagnostics) -> None:
    for source in project.sources.values():
        problem = grading.problem(source.grade) if source.grade else ""
        if problem:
            diagnostics.error(source.places.value("grade", source.location), problem)


def bibliography_files(root: Path) -> list[Path]:
    """The project's bibliography files: ``briefs/sources.yaml``, ``.json`` (CSL-JSON), ``.bib``.
    One that is there but is not a regular file (a pipe, a link leading nowhere) is listed,
    to be refused when it is read rather than skipped."""
    content = root / CONTENT_DIR
    return [content / f"{SOURCES_STEM}{suffix}" for suffix in BIBLIOGRAPHY_SUFFIXES
            if os.path.lexists(content / f"{SOURCES_STEM}{suffix}")]


def _load_sources(root: Path, diagnostics: Diagnostics) -> dict[str, Source]:
    content = root / CONTENT_DIR
    for path in sorted(content.iterdir()) if content.is_dir() else []:
        hint = misnamed(path)
        if hint:
            diagnostics.error(Location(display_name(root, path)), hint)
    files = bibliography_files(root)
    if not files:
        diagnostics.error(Location(f"{CONTENT_DIR}/{SOURCES_STEM}.yaml"),
                          "no bibliography: create briefs/sources.yaml (or sources.json, sources.bib)")
    sources: dict[str, Source] = {}
    for path in files:
        for source_id, source in read_bibliography(path, display_name(root, path), diagnostics).items():
            if source_id in sources:
                diagnostics.error(source.location, f"duplicate source id {source_id!r} "
                                                   f"(first defined at {sources[source_id].location})")
                continue
            sources[source_id] = source
    return sources


def _ids(folder: Path, pattern, diagnostics: Diagnostics, root: Path) -> set[str]:
    """Document ids (file stems) in ``folder``, language editions (``2025-W44.fr``) included;
    a file name that is not a valid id, or too long to name the outputs, or an edition without
    its original, is an error, and so is a content file whose name ends otherwise than in
    ``.yaml`` (``.yml``, ``.YAML``): it would be skipped without a word."""
    ids, editions = set(), {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.suffix != CONTENT_SUFFIX:
            hint = misnamed(path)
            if hint:
                diagnostics.error(Location(display_name(root, path)), hint)
            continue
        original, lang = split_id(path.stem)
        if len(original) > MAX_ID_CHARS:
            diagnostics.error(Location(display_name(root, path)),
                              f"a theme's id is at most {MAX_ID_CHARS} characters (its file name)")
        elif pattern.match(path.stem):
            ids.add(path.stem)
        elif lang and pattern.match(original):
            editions[path.stem] = path
        else:
            diagnostics.error(Location(display_name(root, path)),
                              f"file name {path.name!r} is not a valid id ({pattern.pattern}), nor a language "
                              f"edition of one (<id>.<language>.yaml, such as {folder.name}/x.fr.yaml)")
    for edition, path in editions.items():
        if original_id(edition) in ids:
            ids.add(edition)
        else:
            orphan_problem(folder.name, edition, display_name(root, path), diagnostics)
    return ids


def misnamed(path: Path) -> str:
    """Why a content file under that name is not read, and the name it should have; "" when
    the name is not a content file's at all (a README, an editor's backup)."""
    suffix = path.suffix.lower()
    if path.parent.name in ("themes", "weekly") and suffix in (".yaml", ".yml") and path.suffix != CONTENT_SUFFIX:
        return f"{path.name!r} is not read: name it {path.stem + CONTENT_SUFFIX!r}"
    expected = f"{SOURCES_STEM}{suffix}"
    if path.parent.name == CONTENT_DIR and suffix in BIBLIOGRAPHY_SUFFIXES and path.name.lower() == expected \
            and path.name != expected:
        return f"{path.name!r} is not read: name it {expected!r}"
    return ""


def display_name(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
