"""How the commands name files to the user: shared by every command module (errors: ``options.fail``)."""

from __future__ import annotations

from pathlib import Path


def relative(path: Path, root: Path) -> str:
    """``path`` as the user knows it: relative to the project folder ``root`` when inside it."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
