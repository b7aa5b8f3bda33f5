"""``briefgen templates list | eject``: which template and stylesheet wins, and a starting
point for overriding one."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.cli.options import fail
from briefgen.cli.report import relative as _relative
from briefgen.content.config import load_config
from briefgen.content.project import find_root
from briefgen.errors import BuildError, ContentError


@click.group("templates")
def templates_command() -> None:
    """List the templates and stylesheets, or start an override of a built-in one."""


@templates_command.command("list")
def templates_list() -> None:
    """Show every template and stylesheet and which file wins: the project's or the built-in one."""
    from briefgen.render.overrides import INIT_ADVICE, is_briefgen_itself, origins

    root = find_root(Path.cwd())
    try:
        config = load_config(root)
    except ContentError as exc:
        fail(exc)
    if is_briefgen_itself(root, config.templates):
        click.echo("note: this folder is briefgen's own repository: its templates/ and style.css are the built-in "
                   f"ones, which every project starts from; to change how your briefs look, {INIT_ADVICE}", err=True)
    rows = origins(root, config.templates, config.extra_css)
    width = max(len(row.name) for row in rows)
    for row in rows:
        origin = "project " if row.mine else "built-in"
        if row.follows:
            note = "  (applied after the built-in style.css)"
        elif row.builtin is not None:
            note = f"  (overrides the built-in; extend it as default/{row.name})"
        else:
            note = ""
        click.echo(f"{row.name:<{width}}  {origin}  {_relative(row.path, root)}{note}")


@templates_command.command("eject")
@click.argument("name")
@click.option("--stub", is_flag=True,
              help="Write an {% extends \"default/NAME\" %} skeleton listing the blocks to override, not a copy.")
def templates_eject(name: str, stub: bool) -> None:
    """Start overriding built-in template NAME: copy it into the project's templates folder, or
    with --stub write a skeleton that extends it. style.css is always a skeleton, at the
    project's root: the built-in stylesheet is applied before it. Never overwrites a file."""
    from briefgen.render.overrides import STYLESHEET, eject

    root = find_root(Path.cwd())
    try:
        config = load_config(root)
        target = eject(name, root, config.templates or root / "templates", stub)
    except (ContentError, BuildError) as exc:
        fail(exc)
    what = "a skeleton of" if stub or name == STYLESHEET else "a copy of"
    click.echo(f"wrote {what} {name} to {_relative(target, root)}", err=True)
