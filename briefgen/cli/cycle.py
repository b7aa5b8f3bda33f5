"""``briefgen new weekly|theme``: the commands over ``briefgen.output.starting``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from briefgen.cli.options import fail
from briefgen.content.config import load_config
from briefgen.content.cycle import parse_week
from briefgen.content.project import find_root
from briefgen.errors import BuildError, ContentError


def _week(ctx, param, value: str | None):
    if value is None:
        return None
    week = parse_week(value)
    if week is None:
        raise click.BadParameter(f"an ISO week such as 2025-W46, not {value!r}")
    return week


def _report(path: Path, root: Path) -> None:
    click.echo(f"{path.relative_to(root)}: written; replace every TODO, then run `briefgen check`")


@click.group("new")
def new_group() -> None:
    """Start next week's brief, or a new theme, as a file to fill in (never overwrites)."""


@new_group.command("weekly")
@click.option("--week", callback=_week, metavar="YYYY-Www",
              help="The brief's ISO week [default: the week after the latest brief].")
def new_weekly_command(week) -> None:
    """Write briefs/weekly/<week>.yaml: the next number, the Friday as its date, the themes with
    timeline entries that week, a draft clearance, and TODO placeholders that check refuses."""
    from briefgen.output.starting import new_weekly

    root = find_root(Path.cwd())
    try:
        _report(new_weekly(root, load_config(root), week, dt.date.today()), root)
    except (ContentError, BuildError) as exc:
        fail(exc)


@new_group.command("theme")
@click.argument("theme_id", metavar="ID")
@click.option("--title", default="", help="The theme's title [default: a placeholder].")
def new_theme_command(theme_id, title) -> None:
    """Write briefs/themes/ID.yaml with TODO placeholders that check refuses."""
    from briefgen.output.starting import new_theme

    root = find_root(Path.cwd())
    try:
        _report(new_theme(root, theme_id, title, dt.date.today()), root)
    except BuildError as exc:
        fail(exc)
