"""``briefgen init``: a project of one's own, outside briefgen's repository, that checks and
builds as it is — an example theme and weekly brief, an invented source, a commented
``briefgen.toml``, a ``style.css`` to fill in, and empty ``templates/`` and ``assets/``."""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import BuildError
from briefgen.files import create_new
from briefgen.render.overrides import STYLESHEET, stylesheet_stub
from briefgen.resources import starter_project

EMPTY_FOLDERS = ("templates", "assets")
RENAMED = {"gitignore": ".gitignore"}  # stored without the dot, which packaging tools drop


class NotEmpty(BuildError):
    """The folder to start a project in already holds something."""


def start_project(folder: Path) -> list[Path]:
    """Write a new project into ``folder`` (created if missing), which must be empty: nothing
    already there is ever overwritten. Returns the files and folders written."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise NotEmpty(f"{folder} is not a folder; give a new or empty folder to start a project in")
    if folder.is_dir() and any(folder.iterdir()):
        raise NotEmpty(f"{folder} is not empty; give a new or empty folder to start a project in "
                       f"(briefgen init never overwrites a file)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from None
    source = starter_project()
    written = []
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        relative = path.relative_to(source)
        target = folder / relative.parent / RENAMED.get(relative.name, relative.name)
        written.append(_write_new(target, path.read_bytes()))
    written.append(_write_new(folder / STYLESHEET, stylesheet_stub().encode("utf-8")))
    for name in EMPTY_FOLDERS:
        (folder / name).mkdir(exist_ok=True)
        written.append(folder / name)
    return written


def _write_new(target: Path, data: bytes) -> Path:
    try:  # a file that appeared since the folder was found empty is kept, and the start fails
        create_new(target, data)
    except OSError as exc:
        raise BuildError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return target
