"""How the commands report a library's errors and name files: shared by every command module."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from briefgen.cli.options import EXIT_CONTENT
from briefgen.errors import ContentError


def fail(exc: Exception) -> NoReturn:
    """Print a library error the way a compiler would, and exit 1."""
    if isinstance(exc, ContentError):
        for diagnostic in exc.diagnostics.sorted():
            click.echo(str(diagnostic), err=True)
    else:
        click.echo(f"error: {exc}", err=True)
    sys.exit(EXIT_CONTENT)


def relative(path: Path, root: Path) -> str:
    """``path`` as the user knows it: relative to the project folder ``root`` when inside it."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
