"""How the commands report a library's errors and name files: shared by every command module."""

from __future__ import annotations

from pathlib import Path

from briefgen.cli.options import fail

__all__ = ["fail", "relative"]  # fail lives with the exit statuses it uses


def relative(path: Path, root: Path) -> str:
    """``path`` as the user knows it: relative to the project folder ``root`` when inside it."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
