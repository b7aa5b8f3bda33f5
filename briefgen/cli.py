"""The command line: parse arguments, call the library, report. No logic lives here."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from briefgen import __version__
from briefgen.build import FORMATS, BuildOptions, build, check
from briefgen.errors import BuildError, ContentError, Diagnostics
from briefgen.project import find_root, select

EXIT_CONTENT = 1


def _formats(ctx, param, value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)} (comma-separated), not {value!r}")
    return formats


def _report(diagnostics: Diagnostics) -> None:
    for diagnostic in diagnostics.sorted():
        click.echo(str(diagnostic), err=True)


def _selection(root: Path, paths: tuple[Path, ...]):
    diagnostics = Diagnostics()
    selection = select(root, list(paths), diagnostics)
    if diagnostics.has_errors:
        raise ContentError(diagnostics)
    return selection


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
def main() -> None:
    """Render curated YAML themes and weekly briefs into cited briefing notes."""


@main.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder to write into.")
@click.option("--format", "formats", default="html,pdf", show_default=True, callback=_formats,
              help="Output formats, comma-separated: html, pdf.")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Templates folder that overrides the built-in templates [default: ./templates].")
@click.option("--css", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Stylesheet applied after the built-in one [default: ./style.css].")
def build_command(paths, out, formats, templates, css) -> None:
    """Render themes and weekly briefs (default: everything under ./briefs)."""
    root = find_root(Path.cwd())
    try:
        selection = _selection(root, paths)
        report = build(BuildOptions(root, out, formats, templates, css), selection)
    except ContentError as exc:
        _report(exc.diagnostics)
        sys.exit(EXIT_CONTENT)
    except BuildError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_CONTENT)
    documents = sum(1 for path in report.written if path.suffix in (".html", ".pdf"))
    click.echo(f"built {documents} files in {out}", err=True)


@main.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check_command(paths) -> None:
    """Validate themes, weekly briefs and sources without writing anything."""
    root = find_root(Path.cwd())
    try:
        project = check(root, _selection(root, paths))
    except ContentError as exc:
        _report(exc.diagnostics)
        sys.exit(EXIT_CONTENT)
    click.echo(f"ok: {len(project.sources)} sources, {len(project.themes)} themes, "
               f"{len(project.weekly)} weekly briefs", err=True)
