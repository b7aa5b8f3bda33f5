"""The command line: parse arguments, call the library, report. No logic lives here."""

from __future__ import annotations

import importlib
import json
import re
import sys
from pathlib import Path

import click

from briefgen import __version__
from briefgen.cli.options import (
    EXIT_CONTENT,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    ProgressBar,
    error_line,
    fail,
    look_options,
    run_options,
)
from briefgen.cli.options import page_size as page_size_option
from briefgen.cli.report import relative as _relative
from briefgen.content.config import load_config
from briefgen.content.project import find_root, select
from briefgen.content.schema import KINDS, schema
from briefgen.errors import BuildError, ContentError, Diagnostics
from briefgen.output.build import FORMATS, BuildFailed, BuildOptions, BuildReport, build
from briefgen.output.folders import UnsafeTarget


def _formats(ctx, param, value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)} (comma-separated), not {value!r}")
    return formats


def _selection(root: Path, paths: tuple[Path, ...]):
    """The documents the PATH arguments name. A path that names none is a usage error (exit
    2); with no PATH, a file misplaced under briefs/ is a content error (exit 1)."""
    diagnostics = Diagnostics()
    selection = select(root, list(paths), diagnostics)
    if diagnostics.has_errors:
        for diagnostic in diagnostics.sorted():
            click.echo(str(diagnostic), err=True)
        sys.exit(EXIT_USAGE if paths else EXIT_CONTENT)
    return selection


def _day(ctx, param, value: str | None):
    """A YYYY-MM-DD option as a date; a well-formed but impossible date is said to be one."""
    import datetime as dt

    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a real date ({exc})") from None


class LazyGroup(click.Group):
    """A group whose larger subcommands live in their own modules and are imported only
    when run or listed: ``briefgen build`` starts without loading the web server or the site."""

    lazy = {
        "serve": "briefgen.cli.serve:serve_command",
        "publish": "briefgen.cli.publish:publish_command",
        "templates": "briefgen.cli.templates:templates_command",
        "init": "briefgen.cli.starting:init_command",
        "new": "briefgen.cli.cycle:new_group",
        "send": "briefgen.cli.mail:send_command",
    }

    def list_commands(self, ctx) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def invoke(self, ctx):
        """Run the command; Ctrl-C ends it with the shell's status for an interrupt (130)."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)

    def get_command(self, ctx, name: str):
        if name in self.lazy:
            module, attribute = self.lazy[name].split(":")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
def main() -> None:
    """Render curated YAML themes and weekly briefs into cited briefing notes."""


def _summary(report: BuildReport) -> str:
    return (f"built {len(report.built)}, skipped {len(report.skipped)} unchanged, "
            f"failed {len(report.failed)} in {report.seconds:.2f} s")


@main.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder to write into.")
@click.option("--format", "formats", default="html,pdf", show_default=True, callback=_formats,
              help="Output formats, comma-separated: html, pdf, email (a weekly brief's e-mail edition, with its PDF).")
@look_options
@click.option("--pdf-a", "archival", is_flag=True, help="Archival PDF/A-3b instead of the default tagged PDF/UA-1.")
@run_options
def build_command(paths, out, formats, templates, css, page_size, archival, jobs, quiet) -> None:
    """Render themes and weekly briefs (default: everything under ./briefs).

    Only documents whose inputs changed since the last build are rendered again.
    """
    root = find_root(Path.cwd())
    try:
        config = load_config(root)
        selection = _selection(root, paths)
        size = page_size_option(page_size)
        options = BuildOptions(root, out, formats, config, templates, css, size, archival)
        with ProgressBar(quiet) as bar:
            report = build(options, selection, bar, jobs)
    except BuildFailed as exc:
        for line in exc.report.problems:
            click.echo(error_line(line), err=True)
        if not quiet:
            click.echo(_summary(exc.report), err=True)
        sys.exit(EXIT_CONTENT)
    except UnsafeTarget as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except (ContentError, BuildError) as exc:
        fail(exc)
    if not quiet:
        click.echo(_summary(report), err=True)


@main.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="How to print the messages: one per line, or a JSON array for tools.")
@click.option("--as-of", callback=_day, metavar="YYYY-MM-DD",
              help="Date to measure stale themes from [default: the newest weekly brief's date].")
@click.option("--release", is_flag=True, help="Gate a release: every weekly brief checked must be cleared.")
def check_command(paths, strict, output, as_of, release) -> None:
    """Validate themes, weekly briefs and sources without writing anything.

    Errors exit 1; warnings are printed and exit 0 unless --strict.
    """
    root = find_root(Path.cwd())
    try:
        config = load_config(root)
        from briefgen.output.check import check

        report = check(root, _selection(root, paths), config, as_of, release)
    except ContentError as exc:
        _print(exc.diagnostics.sorted(), output)
        sys.exit(EXIT_CONTENT)
    warnings = report.warnings.sorted()
    _print(warnings, output)
    if output == "text":
        project = report.project
        click.echo(f"ok: {len(project.sources)} sources, {len(project.themes)} themes, "
                   f"{len(project.weekly)} weekly briefs, {len(warnings)} warning{'' if len(warnings) == 1 else 's'}",
                   err=True)
    if strict and warnings:
        sys.exit(EXIT_CONTENT)


def _print(diagnostics, output: str) -> None:
    if output == "json":
        from briefgen.output.check import as_json

        click.echo(as_json(diagnostics))
    else:
        for diagnostic in diagnostics:
            click.echo(str(diagnostic), err=True)


@main.command("clear")
@click.argument("weeks", nargs=-1, required=True)
@click.option("--by", default="", help="Who clears the brief: a name or a desk (required to clear).")
@click.option("--on", callback=_day, metavar="YYYY-MM-DD", help="The day it was cleared [default: today].")
@click.option("--state", type=click.Choice(["cleared", "review", "draft"]), default="cleared", show_default=True,
              help="Clear the brief, or put it back in review or draft.")
def clear_command(weeks, by, on, state) -> None:
    """Record that weekly briefs WEEKS (such as 2025-W44, or 2025-W44.fr for its French edition) are cleared
    for release, with what was cleared."""
    import datetime as dt

    from briefgen.output.clearing import clear_briefs

    root = find_root(Path.cwd())
    try:
        day = on or dt.date.today()
        for path in clear_briefs(root, load_config(root), tuple(weeks), state, by.strip(), day):
            who = f" by {by.strip()} on {day}" if state == "cleared" else ""
            click.echo(f"{_relative(path, root)}: {state}{who}")
    except (ContentError, BuildError) as exc:
        fail(exc)


@main.command("schema")
@click.argument("kind", type=click.Choice(KINDS))
def schema_command(kind: str) -> None:
    """Print the JSON Schema of a content file: sources, theme or weekly."""
    click.echo(json.dumps(schema(kind), indent=2, ensure_ascii=False))
