"""``briefgen new``: start next week's brief, or a new theme, as a file to fill in.

What the file holds is decided in ``briefgen.content.cycle``; here the project is read to
find the latest brief and the themes, and the file is written — never over one that exists.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefgen.content.config import Config
from briefgen.content.cycle import theme_text, themes_for, week_after, week_of, weekly_text
from briefgen.content.model import IsoWeek
from briefgen.content.project import CONTENT_DIR, Selection, load_project
from briefgen.content.reader import SLUG, WEEK
from briefgen.errors import BuildError
from briefgen.output.atomic import write_new


def new_weekly(root: Path, config: Config, week: IsoWeek | None, today: dt.date) -> Path:
    """Write the weekly brief of ``week`` (default: the week after the latest brief, or this
    week when there is none) and return its path. Raises ``ContentError`` when the project
    does not load, ``BuildError`` when the brief exists or would come before the latest one."""
    folder = root / CONTENT_DIR / "weekly"
    briefs = _ids(folder, WEEK)
    latest_id = briefs[-1] if briefs else None
    project = load_project(root, Selection(tuple(_ids(root / CONTENT_DIR / "themes", SLUG)),
                                           (latest_id,) if latest_id else ()), config)
    latest = project.weekly.get(latest_id) if latest_id else None
    if week is None:
        week = week_after(latest.week) if latest is not None else week_of(today)
    path = folder / f"{week}.yaml"
    if str(week) in briefs:
        raise BuildError(f"{CONTENT_DIR}/weekly/{week}.yaml already exists: not overwritten")
    if latest is not None and week < latest.week:
        raise BuildError(f"{week} comes before the latest brief, {latest.id} (No. {latest.number}): "
                         f"a new brief follows the latest one")
    themes = themes_for(week, project, latest)
    if not themes:
        raise BuildError(f"no theme to cover: start one with `briefgen new theme ID` in {CONTENT_DIR}/themes/")
    number = latest.number + 1 if latest is not None else 1
    _write(path, weekly_text(week, number, latest, themes), root)
    return path


def new_theme(root: Path, theme_id: str, title: str, today: dt.date) -> Path:
    """Write the theme ``theme_id`` with placeholders (and ``title`` when given); return its path."""
    if not SLUG.match(theme_id):
        raise BuildError(f"{theme_id!r} is not a theme id: lowercase letters, digits and hyphens, "
                         f"such as controlled-exports")
    path = root / CONTENT_DIR / "themes" / f"{theme_id}.yaml"
    _write(path, theme_text(title.strip(), today), root)
    return path


def _write(path: Path, text: str, root: Path) -> None:
    try:
        write_new(path, text.encode("utf-8"))
    except FileExistsError:
        raise BuildError(f"{path.relative_to(root)} already exists: not overwritten") from None


def _ids(folder: Path, pattern) -> list[str]:
    """The ids of the content files in ``folder`` that are valid ids, sorted."""
    return sorted(p.stem for p in folder.glob("*.yaml") if pattern.match(p.stem)) if folder.is_dir() else []
