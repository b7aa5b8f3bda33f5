"""``briefgen publish``: the command over ``briefgen.site.publish``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from briefgen.cli.options import EXIT_CONTENT, EXIT_USAGE, ProgressBar, look_options, run_options
from briefgen.cli.options import page_size as page_size_option
from briefgen.content.config import load_config
from briefgen.content.project import find_root
from briefgen.errors import BuildError, ContentError
from briefgen.output.build import BuildFailed
from briefgen.site.addresses import normalise_base_url
from briefgen.site.publish import PublishOptions, publish
from briefgen.site.staging import UnsafeTarget


def _base_url(ctx, param, value: str | None) -> str:
    if not value:
        return ""
    try:
        return normalise_base_url(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("publish")
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="Folder to publish into: empty, new, or written by an earlier publish (it is replaced whole).")
@click.option("--base-url", callback=_base_url, metavar="URL",
              help="The site's public address (https://example.org/briefs/): canonical links, Open Graph, "
                   "absolute feed links and sitemap.xml [default: base_url in briefgen.toml].")
@look_options
@click.option("--pdf-a", "archival", is_flag=True, help="Archival PDF/A-3b instead of the default tagged PDF/UA-1.")
@click.option("--no-pdf", "no_pdf", is_flag=True, help="Skip the PDFs (quicker; pages then link none).")
@click.option("--pdfs-from", "pdf_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Build folder whose up-to-date PDFs are reused; missing or outdated ones "
                                      "are built into it first, as 'briefgen build --format pdf' would.")
@click.option("--drafts", is_flag=True,
              help="Publish briefs not cleared for release too, marked as drafts: for a reviewers' preview folder "
                   "(--out is then required and may not be the published site).")
@run_options
def publish_command(out, base_url, templates, css, page_size, archival, no_pdf, pdf_dir, drafts, jobs,
                    quiet) -> None:
    """Publish every weekly brief and theme as a static website, with search and feeds.

    The site is built beside the --out folder and swapped in whole at the end, so a failed
    publish leaves the previous site untouched and pages of removed briefs disappear. The
    folder must be new, empty, or written by an earlier publish. Weekly briefs not cleared
    for release are left out (and named), unless --drafts.
    """
    root = find_root(Path.cwd())
    if drafts and click.get_current_context().get_parameter_source("out").name == "DEFAULT":
        click.echo("error: --drafts publishes unreleased briefs: name a preview folder with --out", err=True)
        sys.exit(EXIT_USAGE)
    try:
        config = load_config(root)
        size = page_size_option(page_size)
        with ProgressBar(quiet) as bar:
            report = publish(PublishOptions(root, out, base_url or config.base_url, config, templates, css, size,
                                            archival, not no_pdf, pdf_dir, jobs, drafts), bar)
    except ContentError as exc:
        for diagnostic in exc.diagnostics.sorted():
            click.echo(str(diagnostic), err=True)
        sys.exit(EXIT_CONTENT)
    except UnsafeTarget as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except BuildFailed as exc:
        for line in exc.report.problems:
            click.echo(f"error: {line}", err=True)
        click.echo(f"error: nothing published; {out} is unchanged", err=True)
        sys.exit(EXIT_CONTENT)
    except BuildError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_CONTENT)
    for warning in report.warnings:
        click.echo(warning, err=True)
    if not quiet:
        pdfs = sum(1 for name in report.files if name.endswith(".pdf"))
        click.echo(f"published {report.pages} pages and {pdfs} PDFs to {out}", err=True)
