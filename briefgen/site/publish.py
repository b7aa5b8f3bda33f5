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

import dataclasses
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.content.clearance import is_cleared
from briefgen.content.config import Config
from briefgen.content.model import Project
from briefgen.content.project import Selection, load_project, select
from briefgen.errors import BuildError, ContentError, Diagnostics
from briefgen.graphics.svg import palette_of
from briefgen.output.build import BuildOptions, Progress, build, stylesheets
from briefgen.output.inputs import read_input
from briefgen.output.static import page_stylesheet
from briefgen.render.documents import RenderContext
from briefgen.render.environment import make_environment
from briefgen.site.addresses import (
    ASSETS,
    ROBOTS,
    SCRIPT,
    SEARCH_SCRIPT,
    SITE_CSS,
    SITEMAP,
    STYLESHEET,
    normalise_base_url,
)
from briefgen.site.feeds import feeds, robots, sitemap
from briefgen.site.pages import read_template_file, render_site
from briefgen.site.plan import SiteOptions, plan_site
from briefgen.site.search import index
from briefgen.site.staging import (
    MARKER,
    check_target,
    normalise_permissions,
    staging,
    swap_in,
    write_file,
)


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
    drafts: bool = False           # publish briefs not cleared for release too (marked as drafts), for reviewers


@dataclass
class PublishReport:
    """What a publish wrote: the site's folder, its files (relative, sorted) and any warnings."""

    out: Path
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(1 for name in self.files if name.endswith(".html") and not name.startswith("pagefind/"))


def _releasable(project: Project, selection: Selection, drafts: bool) -> tuple[Project, Selection, list[str]]:
    """The project and selection without the weekly briefs not cleared for release (unless
    ``drafts``), and a line naming each one left out."""
    if drafts:
        return project, selection, []
    held = {brief.id: brief for brief in project.weekly.values() if not is_cleared(brief, project)}
    notes = [f"{brief.path}: left out: not cleared for release "
             f"({'changed since it was cleared' if brief.clearance.cleared else brief.clearance.state})"
             for brief in held.values()]
    weekly = {key: brief for key, brief in project.weekly.items() if key not in held}
    kept = Selection(selection.themes, tuple(w for w in selection.weekly if w not in held), selection.complete)
    return dataclasses.replace(project, weekly=weekly), kept, notes


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
    project = load_project(root, selection, options.config)
    project, selection, held_back = _releasable(project, selection, options.drafts)
    build_options = BuildOptions(root, root, ("pdf",), options.config, options.templates, options.css,
                                 options.page_size, options.pdf_archival)
    sheets = stylesheets(build_options)
    env = make_environment(build_options.template_dir, root)
    context = RenderContext(env, root, options.config, palette_of(sheets))
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
        data = plan_site(project, context, SiteOptions(base_url, options.pdf), pdf_sizes)
        files = dict(render_site(data, options.jobs).files)
        files.update(feeds(env, data))
        for name, content in ((SITEMAP, sitemap(env, data)), (ROBOTS, robots(data))):
            if content is not None:
                files[name] = content
        site_css = read_template_file(env, SITE_CSS)
        builtin, _ = page_stylesheet(sheets[:1], root)
        own, assets = page_stylesheet(sheets[1:], root)
        files[STYLESHEET] = b"\n".join([builtin, site_css, own])
        files.update(assets)
        files[SCRIPT] = read_template_file(env, SEARCH_SCRIPT)
        if options.config.logo is not None:
            files[f"{ASSETS}/{options.config.logo.name}"] = read_input(options.config.logo)
        for name, content in sorted(files.items()):
            write_file(site, name, content)
        index(site, options.config.lang)
        normalise_permissions(site)
        report.files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                              if p.is_file() and p.name != MARKER)
        report.warnings = [*held_back, *data.warnings]
        if not base_url:
            report.warnings.append("note: without --base-url the site has no sitemap.xml, canonical links or "
                                   "Open Graph metadata, and its feeds use relative links")
        check_target(target, root)  # still a folder a publish may replace, now that the new site is ready
        swap_in(stage)
    return report
