"""Command-line options shared by build, serve and publish, declared once."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.config import PAGE_SIZES


def look_options(command):
    """--templates, --css and --page-size: the look of what a command renders."""
    options = (
        click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
                     help="Templates folder searched before the built-in templates [default: config, or ./templates]."),
        click.option("--css", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Stylesheet applied after the built-in one [default: ./style.css]."),
        click.option("--page-size", type=click.Choice(sorted(set(PAGE_SIZES.values())), case_sensitive=False),
                     help="PDF page size [default: config, or A4]."),
    )
    for option in reversed(options):
        command = option(command)
    return command


def page_size(value: str | None) -> str | None:
    """The configured spelling of a --page-size value (A4, Letter…), or None."""
    return PAGE_SIZES[value.lower()] if value else None
