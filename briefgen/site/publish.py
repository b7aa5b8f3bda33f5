"""``briefgen publish``: the briefs as a static site that any web server or CDN can host.

The stage runs in order, and the target folder is touched only at the very end:

1. check the target (``site_output.check_target``) and load and validate the whole project:
   a content error stops here, before anything is written;
2. in a private folder beside the target: the PDFs (``build.build``, exactly as ``briefgen
   build`` makes them, reused from the build folder when up to date), every page
   (``site``), the feeds and sitemap (``feeds``), the stylesheet, search script and logo,
   then the search index (``site_search``);
3. swap the finished folder in for the old one (``site_output.swap_in``).

A failure anywhere leaves the previous site byte for byte as it was.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from briefgen.output.build import BuildFailed, BuildOptions, Progress, build, stylesheets
from briefgen.graphics.svg import palette_of
from briefgen.cli.options import ProgressBar, look_options, page_size as page_size_option, run_options
from briefgen.content.config import Config, load_config
from briefgen.errors import BuildError, ContentError, Diagnostics
from briefgen.site.feeds import feeds, robots, sitemap
from briefgen.content.project import find_root, load_project, select
from briefgen.site.pages import (
    ASSETS,
    ROBOTS,
    SCRIPT,
    SEARCH_SCRIPT,
    SITE_CSS,
    SITEMAP,
    STYLESHEET,
    SiteOptions,
    normalise_base_url,
    plan_site,
    read_template_file,
    render_site,
)
from briefgen.site.staging import (
    MARKER,
    UnsafeTarget,
    check_target,
    normalise_permissions,
    staging,
    swap_in,
    write_file,
)
from briefgen.site.search import index
from briefgen.render.environment import make_environment

EXIT_CONTENT = 1
EXIT_USAGE = 2


@dataclass(frozen=True)
class PublishOptions:
    """What to publish and where; command-line choices override the project's config."""

    root: Path
    out: Path = Path("site")
    base_url: str = ""             # the site's public address, for canonical links, Open Graph, sitemap
    config: Config = field(default_factory=Config)
    templates: Path | None = None  # overrides config.templates
    css: Path | None = None        # overrides the project's style.css
    page_size: str | None = None   # overrides config.page_size (PDFs)
    pdf_archival: bool = False     # PDF/A-3b instead of PDF/UA-1
    pdf: bool = True               # build the PDFs and link them; False for a quick preview
    pdf_dir: Path | None = None    # a build folder whose up-to-date PDFs are reused (and refreshed); None: none
    jobs: int = 1                  # worker processes laying out PDFs


@dataclass
class PublishReport:
    """What a publish wrote: the site's folder, its files (relative, sorted) and any warnings."""

    out: Path
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(1 for name in self.files if name.endswith(".html") and not name.startswith("pagefind/"))


def publish(options: PublishOptions, progress: Progress | None = None) -> PublishReport:
    """Build the whole site beside ``options.out`` and swap it in; see the module's docstring.

    The PDFs are built as ``briefgen build --format pdf`` builds them, into ``options.pdf_dir``
    when it is given: only those missing or out of date there are laid out again, and the
    site gets copies. ``progress`` follows that build.

    Raises ``ContentError`` for content errors, ``UnsafeTarget`` for a folder it must not
    replace, ``BuildError`` for anything else; in every case the old site is unchanged.
    """
    root = options.root.resolve()
    target = check_target(options.out, root)
    if options.pdf and options.pdf_dir is not None and options.pdf_dir.resolve().is_relative_to(target.resolve()):
        raise BuildError(f"{options.pdf_dir}: the PDF build folder may not lie inside the site folder {options.out}")
    try:
        base_url = normalise_base_url(options.base_url) if options.base_url else ""
    except ValueError as exc:
        raise BuildError(f"--base-url: {exc}") from None
    diagnostics = Diagnostics()
    selection = select(root, [], diagnostics)
    if diagnostics.has_errors:
        raise ContentError(diagnostics)
    project = load_project(root, selection)
    build_options = BuildOptions(root, root, ("pdf",), options.config, options.templates, options.css,
                                 options.page_size, options.pdf_archival)
    sheets = stylesheets(build_options)
    env = make_environment(build_options.template_dir)
    report = PublishReport(target)
    with staging(target) as stage:
        site = stage.site
        pdf_sizes: dict[str, int] = {}
        if options.pdf:
            pdf_dir = options.pdf_dir if options.pdf_dir is not None else stage.scratch / "pdf"
            built = build(BuildOptions(root, pdf_dir, ("pdf",), options.config, options.templates, options.css,
                                       options.page_size, options.pdf_archival), selection, progress, options.jobs)
            for relative in sorted(built.built + built.skipped):
                (site / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(pdf_dir / relative, site / relative)
                pdf_sizes[relative] = (site / relative).stat().st_size
        data = plan_site(project, options.config, SiteOptions(base_url, options.pdf, palette_of(sheets)),
                         pdf_sizes)
        files = dict(render_site(env, data, options.jobs).files)
        files.update(feeds(env, data))
        for name, content in ((SITEMAP, sitemap(env, data)), (ROBOTS, robots(data))):
            if content is not None:
                files[name] = content
        site_css = read_template_file(env, SITE_CSS)
        cascade = [sheets[0].read_bytes(), site_css, *(path.read_bytes() for path in sheets[1:])]
        files[STYLESHEET] = b"\n".join(cascade)
        files[SCRIPT] = read_template_file(env, SEARCH_SCRIPT)
        if options.config.logo is not None:
            files[f"{ASSETS}/{options.config.logo.name}"] = options.config.logo.read_bytes()
        for name, content in sorted(files.items()):
            write_file(site, name, content)
        index(site, options.config.lang)
        normalise_permissions(site)
        report.files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                              if p.is_file() and p.name != MARKER)
        report.warnings = list(data.warnings)
        if not base_url:
            report.warnings.append("note: without --base-url the site has no sitemap.xml, canonical links or "
                                   "Open Graph metadata, and its feeds use relative links")
        check_target(target, root)  # still a folder a publish may replace, now that the new site is ready
        swap_in(stage)
    return report


# --- the command line ---------------------------------------------------------------------


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
                   "absolute feed links and sitemap.xml.")
@look_options
@click.option("--pdf-a", "archival", is_flag=True, help="Archival PDF/A-3b instead of the default tagged PDF/UA-1.")
@click.option("--no-pdf", "no_pdf", is_flag=True, help="Skip the PDFs (quicker; pages then link none).")
@click.option("--pdfs-from", "pdf_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Build folder whose up-to-date PDFs are reused; missing or outdated ones "
                                      "are built into it first, as 'briefgen build --format pdf' would.")
@run_options
def publish_command(out, base_url, templates, css, page_size, archival, no_pdf, pdf_dir, jobs, quiet) -> None:
    """Publish every weekly brief and theme as a static website, with search and feeds.

    The site is built beside the --out folder and swapped in whole at the end, so a failed
    publish leaves the previous site untouched and pages of removed briefs disappear. The
    folder must be new, empty, or written by an earlier publish.
    """
    root = find_root(Path.cwd())
    try:
        config = load_config(root)
        size = page_size_option(page_size)
        with ProgressBar(quiet) as bar:
            report = publish(PublishOptions(root, out, base_url, config, templates, css, size, archival, not no_pdf,
                                            pdf_dir, jobs), bar)
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
