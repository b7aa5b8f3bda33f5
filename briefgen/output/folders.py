"""Where briefgen may write: one rule for the folders ``build`` and ``publish`` write into.

An output folder is never the root of the file system, the home folder or a folder above
it, the project's folder or a folder above it, nor a folder inside the project's own
inputs (``briefs/``, ``templates/``, ``assets/``). It is new, empty, or a previous output of
the same command, known by the mark that command leaves in it (``BUILD_MARK``, a folder, for
``build``; ``SITE_MARK``, a file, for ``publish``): a folder holding files briefgen did not
write is never written into. The folder is checked before anything is read from or written
into it, its leftover temporary files included.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import BuildError

INPUT_FOLDERS = ("briefs", "templates", "assets")


class UnsafeTarget(BuildError):
    """The folder asked for is one briefgen must not write into or clear."""


@dataclass(frozen=True)
class Output:
    """What writes into a folder, as its refusals word it: ``command`` (build, publish), the
    ``mark`` it leaves there, whether that mark is a folder, and a folder to ``suggest``."""

    command: str
    mark: str
    mark_is_folder: bool
    suggest: str
    writes: str  # what it does to a folder it is given: "write into", "replace"


BUILD = Output("build", ".briefgen", True, "out/", "write into")
SITE = Output("publish", ".briefgen-site", False, "site/", "replace")


def check_output_folder(out: Path, project_root: Path, output: Output, home: Path | None = None) -> Path:
    """The absolute, resolved folder ``out`` names, once it is known to be one ``output`` may
    write into; raises ``UnsafeTarget`` otherwise. ``home`` defaults to the user's home folder."""
    shown = str(out)
    target = Path(os.path.abspath(out)).resolve()
    root = project_root.resolve()
    home = (home or Path.home()).resolve()
    verb = f"refusing to {output.command} into"
    if target == Path(target.anchor):
        raise UnsafeTarget(f"{shown}: {verb} the root of the file system")
    if home.is_relative_to(target):
        raise UnsafeTarget(f"{shown}: {verb} the home folder or a folder above it")
    if root.is_relative_to(target):
        raise UnsafeTarget(f"{shown}: {verb} the project's folder or a folder above it; "
                           f"{output.command} into a folder of its own, such as {output.suggest}")
    for name in INPUT_FOLDERS:
        if target.is_relative_to(root / name):
            raise UnsafeTarget(f"{shown}: {verb} the project's own {name}/ folder; "
                               f"{output.command} into a folder of its own, such as {output.suggest}")
    if target.exists() and not target.is_dir():
        raise UnsafeTarget(f"{shown}: not a folder")
    if target.is_dir() and not has_mark(target, output) and _has_entries(target):
        mark = output.mark + ("/" if output.mark_is_folder else "")
        raise UnsafeTarget(f"{shown}: refusing to {output.writes} a folder that is not empty and was not written "
                           f"by briefgen {output.command} (it has no {mark}); choose another --out or empty it")
    return target


def mark_output(folder: Path, output: Output) -> None:
    """Leave ``output``'s mark in ``folder`` before its first file is written, so that the next
    run knows the folder for its own even if this one is interrupted."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        mark = folder / output.mark
        if output.mark_is_folder:
            mark.mkdir(exist_ok=True)
        elif not mark.is_file():
            mark.write_bytes(b"")
    except OSError as exc:
        raise BuildError(f"{folder}: cannot write: {exc.strerror or exc}") from None


def has_mark(folder: Path, output: Output) -> bool:
    """Whether ``folder`` holds ``output``'s mark (never through a symbolic link)."""
    mark = folder / output.mark
    if mark.is_symlink():
        return False
    return mark.is_dir() if output.mark_is_folder else mark.is_file()


def _has_entries(folder: Path) -> bool:
    try:
        return any(folder.iterdir())
    except OSError as exc:
        raise UnsafeTarget(f"{folder}: cannot read: {exc.strerror or exc}") from None
