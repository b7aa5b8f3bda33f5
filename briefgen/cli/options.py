"""Command-line options shared by build, serve and publish, declared once, and the progress bar."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from briefgen.content.config import PAGE_SIZES
from briefgen.errors import ContentError
from briefgen.output.build import Progress

EXIT_CONTENT = 1  # the content or a document has errors
EXIT_USAGE = 2    # the command was asked for something it must not do
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report a process ended by SIGINT


def fail(exc: Exception, status: int = EXIT_CONTENT) -> None:
    """Print a library error the way a compiler would (every located message of a content
    error, one a line), and exit with ``status``."""
    if isinstance(exc, ContentError):
        for diagnostic in exc.diagnostics.sorted():
            click.echo(str(diagnostic), err=True)
    else:
        click.echo(f"error: {exc}", err=True)
    sys.exit(status)


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


def run_options(command):
    """--jobs and --quiet: how a command that lays out PDFs runs."""
    options = (
        click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="cores",
                     help="Worker processes laying out PDFs."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary; errors only."),
    )
    for option in reversed(options):
        command = option(command)
    return command


class ProgressBar(Progress):
    """A progress bar on standard error: counts, and the document in progress. Use as a
    context manager: leaving it clears the bar, before any message is printed."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self, total: int) -> None:
        if not self.quiet and total > 3:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: a build forks renderers only from a single thread
            self.bar = tqdm(total=total, unit="file", file=sys.stderr, leave=False, dynamic_ncols=True,
                            disable=None)  # None: only on a terminal

    def advance(self, name: str, status: str) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(name, refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
