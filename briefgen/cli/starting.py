"""``briefgen init [DIR]``: start a project of one's own."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from briefgen.cli.options import EXIT_USAGE, fail
from briefgen.errors import BuildError


@click.command("init")
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=True, path_type=Path))
def init_command(folder: Path) -> None:
    """Start a project of your own in FOLDER (default: here), which must be new or empty:
    an example theme and weekly brief, an invented source, a commented briefgen.toml, a
    style.css to fill in, and empty templates/ and assets/. It checks and builds as it is."""
    from briefgen.output.starter import NotEmpty, start_project

    try:
        written = start_project(folder)
    except NotEmpty as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except BuildError as exc:
        fail(exc)
    click.echo(f"started a briefgen project in {folder}:", err=True)
    for path in written:
        name = path.relative_to(folder).as_posix()
        click.echo(f"  {name}/" if path.is_dir() else f"  {name}", err=True)
    here = "" if folder.resolve() == Path.cwd().resolve() else f"cd {folder} && "
    click.echo(f"next: {here}briefgen check && briefgen build   (then briefgen serve for a live preview)", err=True)
