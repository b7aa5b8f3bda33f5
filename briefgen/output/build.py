"""The pipeline: load → validate → resolve → render → write, for the documents asked for."""

from __future__ import annotations

import importlib
import os
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import labels as label_catalogue
from briefgen.content.config import Config
from briefgen.content.load import read_text
from briefgen.content.model import Project
from briefgen.content.project import Selection, bibliography_files, display_name, load_project
from briefgen.content.wording import LABELS_DIR
from briefgen.errors import BuildError, ContentError, Diagnostics, Location
from briefgen.output.atomic import remove_leftovers, write_atomic
from briefgen.output.folders import BUILD, check_output_folder, mark_output
from briefgen.output.forked import forked_results
from briefgen.output.freshness import dependencies, fresh, hashed_name, output_name
from briefgen.output.incremental import Manifest, digest, digest_files, files_under, output_hash
from briefgen.output.inputs import holds, read_input
from briefgen.output.provenance import document_date, provenance
from briefgen.output.static import page_stylesheet
from briefgen.resources import builtin_stylesheet, builtin_templates

if TYPE_CHECKING:
    from briefgen.output.pdf import PdfOptions
    from briefgen.render.documents import Assets, Document, RenderContext

# The rendering stack (Jinja, Markdown, the views) is imported inside the functions that render:
# a no-op build never loads it, and a PDF build starts WeasyPrint's fork server first.

FORMATS = ("html", "pdf", "email")
DEFAULT_FORMATS = ("html", "pdf")  # the e-mail edition only when asked for
STYLESHEET_NAME = "style.css"
ASSETS_DIR = "assets"


@dataclass(frozen=True)
class BuildOptions:
    """What to build and where; command-line choices override the project's config."""

    root: Path
    out: Path
    formats: tuple[str, ...] = DEFAULT_FORMATS
    config: Config = field(default_factory=Config)
    templates: Path | None = None  # overrides config.templates
    css: Path | None = None        # overrides the project's style.css
    page_size: str | None = None   # overrides config.page_size
    pdf_archival: bool = False     # PDF/A-3b instead of the default PDF/UA-1

    @property
    def template_dir(self) -> Path:
        return self.templates or self.config.templates or self.root / "templates"

    @property
    def effective_page_size(self) -> str:
        return self.page_size or self.config.page_size


@dataclass
class BuildReport:
    """What a build did: files written, documents built, skipped as unchanged, and failed."""

    written: list[Path] = field(default_factory=list)
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one message per failure, naming the document
    errors: list[str] = field(default_factory=list)  # failures of the run itself, not of a document
    seconds: float = 0.0

    @property
    def problems(self) -> list[str]:
        """Every failure to report, each once (a template error stops a document's HTML and
        its PDF alike): the documents' first, then the run's."""
        return list(dict.fromkeys(self.failed + self.errors))


class Progress:
    """Receives a build's progress; the command line shows it as a bar. Silent by default."""

    def start(self, total: int) -> None:
        """``total`` outputs are about to be considered."""

    def advance(self, name: str, status: str) -> None:
        """One output is done: ``status`` is "built", "skipped" or "failed"."""


class BuildFailed(BuildError):
    """Some documents could not be rendered; the others were. Carries the report."""

    def __init__(self, report: BuildReport):
        self.report = report
        super().__init__("\n".join(report.problems))


def stylesheets(options: BuildOptions) -> list[Path]:
    """The cascade, in order: built-in, the project's style.css, then the config's extra CSS.

    The editor's stylesheets are checked here, before anything renders: a stylesheet that is
    not a regular UTF-8 file raises ``ContentError``, located (it would otherwise fail every
    document, far from its cause).
    """
    builtin = builtin_stylesheet()
    project_css = options.css or options.root / STYLESHEET_NAME
    if options.css is not None and not options.css.is_file():
        raise BuildError(f"{options.css}: no such stylesheet")
    sheets = [builtin]
    if os.path.lexists(project_css) and project_css.resolve() != builtin.resolve():
        sheets.append(project_css)  # a pipe or a folder is refused below, not skipped
    sheets.extend(options.config.extra_css)
    _check_stylesheets(options.root, sheets[1:])
    return sheets


def _check_stylesheets(root: Path, sheets: list[Path]) -> None:
    diagnostics = Diagnostics()
    for path in sheets:
        read_text(path, display_name(root, path), diagnostics, encoding="utf-8")
    if diagnostics.has_errors:
        raise ContentError(diagnostics)


def page_size_css(options: BuildOptions) -> str:
    """The print stylesheet that sets the page size chosen by config or ``--page-size``."""
    return f"@page {{ size: {options.effective_page_size}; }}\n"


def build(options: BuildOptions, selection: Selection, progress: Progress | None = None,
          jobs: int = 1) -> BuildReport:
    """Render and write each selected document whose inputs changed since its last build.

    Content errors raise ``ContentError`` before anything is written. A document that fails
    to render does not stop the others; ``BuildFailed`` lists every failure at the end.
    PDFs are laid out by ``jobs`` worker processes. An output folder briefgen must not write
    into (``briefgen.output.folders``) raises ``UnsafeTarget`` before anything is touched.
    """
    started = time.perf_counter()
    progress = progress or Progress()
    check_output_folder(options.out, options.root, BUILD)
    sheets = stylesheets(options)
    manifest = Manifest.load(options.out)
    outputs = _outputs(options, selection)
    shared = _shared_hashes(options, sheets)
    stale = [(kind, doc_id, fmt) for kind, doc_id, fmt in outputs
             if not fresh(manifest, options.root, shared[fmt], kind, doc_id, fmt)]
    report = BuildReport()
    progress.start(len(outputs))
    for kind, doc_id, fmt in outputs:
        if (kind, doc_id, fmt) not in stale:
            report.skipped.append(output_name(kind, doc_id, fmt))
            progress.advance(output_name(kind, doc_id, fmt), "skipped")
    remove_leftovers(options.out)
    if stale:  # validates everything selected before writing anything
        _render(options, selection, stale, sheets, shared, manifest, report, progress, jobs)
    elif "html" in options.formats:
        mark_output(options.out, BUILD)
        _write_static(options, sheets, report)
    try:
        manifest.save()
    except BuildError as exc:  # reported with the documents' failures, not instead of them
        report.errors.append(f"{exc} (the next build renders everything again)")
    report.seconds = time.perf_counter() - started
    if report.problems:
        raise BuildFailed(report)
    return report


def _outputs(options: BuildOptions, selection: Selection) -> list[tuple[str, str, str]]:
    """Every (kind, id, format) the selection asks for, themes first. The e-mail edition is a
    weekly brief's only, and attaches its PDF: asking for it builds the PDF too."""
    kinds = [("themes", theme_id) for theme_id in sorted(selection.themes)]
    kinds += [("weekly", brief_id) for brief_id in sorted(selection.weekly)]
    weekly = options.formats if "email" not in options.formats else \
        tuple(dict.fromkeys(f for f in FORMATS if f in options.formats or f == "pdf"))
    return [(kind, doc_id, fmt) for kind, doc_id in kinds
            for fmt in (weekly if kind == "weekly" else options.formats) if fmt != "email" or kind == "weekly"]


def _shared_hashes(options: BuildOptions, sheets: list[Path]) -> dict[str, str]:
    """What every output of a format depends on besides its own content files."""
    root = options.root
    common = [*bibliography_files(root), *files_under([builtin_templates(), options.template_dir,
                                                       Path(label_catalogue.__file__).parent,
                                                       root / LABELS_DIR, root / ASSETS_DIR])]
    if options.config.logo is not None:
        common.append(options.config.logo)
    base = digest(repr(options.config), digest_files(common, root))
    pdf = digest(base, "pdf", page_size_css(options), str(options.pdf_archival), digest_files(sheets, root))
    return {"html": digest(base, "html"), "pdf": pdf, "email": digest(pdf, "email")}


def _render(options: BuildOptions, selection: Selection, stale, sheets: list[Path], shared: dict[str, str],
            manifest: Manifest, report: BuildReport, progress: Progress, jobs: int) -> None:
    """Render the stale outputs in workers forked from this process (``forked``), and lay out
    the PDFs among them in the pool's PDF workers (``pdf``), each as its print HTML arrives;
    then the e-mail editions, which attach the PDFs."""
    emails = [output for output in stale if output[2] == "email"]
    stale = [output for output in stale if output[2] != "email"]
    pdfs = sum(1 for _, _, fmt in stale if fmt == "pdf")
    if pdfs:
        from briefgen.output import pdf

        pdf.warm_up()  # WeasyPrint's import, in another process, overlaps the loading and rendering below
    run = _Run.start(options, selection, sheets, shared, manifest, report, progress)
    with closing(forked_results(run.rendered, stale, jobs)) as rendered:
        if not pdfs:  # HTML alone: rendered on every core
            for output, result in rendered:
                run.record(output, result)
        else:
            with pdf.layout_workers(min(max(jobs, 1), pdfs)) as workers:
                for output, result in workers.results(run.layout_tasks(rendered)):
                    run.record(output, result)
    for output in emails:
        run.record(output, run.email(output))


@dataclass
class _Run:
    """One build's rendering: the loaded project and templates, and where results are recorded."""

    options: BuildOptions
    sheets: list[Path]
    shared: dict[str, str]
    manifest: Manifest
    report: BuildReport
    progress: Progress
    project: Project
    context: RenderContext
    docs: dict
    screen: Assets

    @classmethod
    def start(cls, options: BuildOptions, selection: Selection, sheets: list[Path], shared: dict[str, str],
              manifest: Manifest, report: BuildReport, progress: Progress) -> _Run:
        """Load the project and the templates (content errors raise here, before any write)."""
        from briefgen.graphics.svg import palette_of
        from briefgen.render.documents import RenderContext, documents
        from briefgen.render.environment import make_environment

        project = load_project(options.root, selection, options.config)
        for module, used in (("timeline", any(t.timeline for t in project.themes.values())),
                             ("charts", any(t.charts for t in project.themes.values()))):
            if used:  # imported once, here, for the workers forked below to share: not in each of them
                importlib.import_module(f"briefgen.graphics.{module}")
        env = make_environment(options.template_dir, options.root)
        _check_citation_style(env, options.config)
        mark_output(options.out, BUILD)
        if "html" in options.formats:
            _write_static(options, sheets, report)
        docs = {(d.kind, d.id): d for d in documents(project, selection, options.config)}
        context = RenderContext(env, options.root, options.config, palette_of(sheets))
        return cls(options, sheets, shared, manifest, report, progress, project, context, docs,
                   _screen_assets(options, project))

    def rendered(self, output) -> bytes | tuple[str, PdfOptions] | BuildError:
        """An HTML output's bytes, a PDF's print HTML and layout options, or the error that stopped it."""
        from briefgen.render.documents import Medium, render_html

        kind, doc_id, fmt = output
        document = self.docs[(kind, doc_id)]
        try:
            if fmt == "pdf":
                return _pdf_job(self.context, self.project, document, self.options, self.sheets)
            return render_html(self.context, self.project, document, Medium.SCREEN, self.screen).html.encode("utf-8")
        except BuildError as exc:  # as a plain BuildError, which pickles whatever subclass was raised
            return BuildError(str(exc))

    def email(self, output) -> bytes | BuildError:
        """A brief's e-mail edition, attaching its PDF as this build left it, or why it cannot be made."""
        from briefgen.output.email_edition import email_edition

        kind, doc_id, _ = output
        pdf_name = output_name(kind, doc_id, "pdf")
        if not self.manifest.is_fresh(pdf_name, self._expected(kind, doc_id, "pdf")[0]):
            return BuildError("no e-mail edition: its PDF, which it attaches, could not be built")
        try:
            pdf = (self.options.out / pdf_name).read_bytes()
            return email_edition(self.context, self.project, self.docs[(kind, doc_id)], pdf)
        except OSError as exc:
            return BuildError(f"{pdf_name}: cannot read: {exc.strerror or exc}")
        except BuildError as exc:
            return BuildError(str(exc))

    def layout_tasks(self, rendered):
        """Records each HTML output and each failure as it is rendered; yields each PDF's layout task."""
        from briefgen.output.pdf import layout_task

        for output, result in rendered:
            if output[2] == "pdf" and not isinstance(result, BuildError):
                yield layout_task(output, *result)
            else:
                self.record(output, result)

    def record(self, output, result: bytes | BuildError) -> None:
        """Write an output and note it in the manifest, or report its failure, located."""
        kind, doc_id, fmt = output
        document, name = self.docs[(kind, doc_id)], output_name(kind, doc_id, fmt)
        if isinstance(result, BuildError):
            message = str(result)
            if not message.startswith(document.source_path):  # already located in the YAML
                message = f"{document.source_path}: {message}"
            _fail(self.manifest, self.report, self.progress, name, message)
        else:
            _finish(self.options, self.manifest, self.report, self.progress, name, result,
                    *self._expected(kind, doc_id, fmt))

    def _expected(self, kind: str, doc_id: str, fmt: str) -> tuple[str, list[str]]:
        """The output's input hash as the manifest will record it, and its content files."""
        deps = dependencies(self.project, self.manifest, kind, doc_id, fmt)
        hashed = hashed_name(self.options.root, kind, doc_id, fmt)
        return output_hash(self.shared[fmt], self.options.root, deps, hashed, self.manifest.file_digests), deps


def _pdf_job(context: RenderContext, project: Project, document: Document, options: BuildOptions,
             sheets: list[Path]) -> tuple[str, PdfOptions]:
    """The print HTML and options a worker needs to lay out one PDF."""
    from briefgen.output.pdf import PdfOptions
    from briefgen.render.documents import Assets, Medium, render_html

    logo = options.config.logo.as_uri() if options.config.logo else ""
    rendered = render_html(context, project, document, Medium.PRINT, Assets(logo=logo))
    return rendered.html, PdfOptions(stylesheets=sheets, extra_css=page_size_css(options), base_dir=options.root,
                                     allowed=_readable(options), archival=options.pdf_archival,
                                     attachments=provenance(project, document, rendered.cited),
                                     date=document_date(project, document))


def _readable(options: BuildOptions) -> list[Path]:
    """What WeasyPrint may read: the project's assets folder (unless it leads out of the
    project), the configured logo, and the built-in templates."""
    assets = (options.root / ASSETS_DIR).resolve()
    readable = [assets] if assets.is_dir() and assets.is_relative_to(options.root.resolve()) else []
    if options.config.logo is not None:
        readable.append(options.config.logo)
    return [*readable, builtin_templates()]


def _finish(options: BuildOptions, manifest: Manifest, report: BuildReport, progress: Progress, name: str,
            data: bytes, expected: str, deps: list[str]) -> None:
    try:
        write_atomic(options.out / name, data)
    except BuildError as exc:
        _fail(manifest, report, progress, name, str(exc))
        return
    manifest.record(name, expected, deps)
    report.written.append(options.out / name)
    report.built.append(name)
    progress.advance(name, "built")


def _fail(manifest: Manifest, report: BuildReport, progress: Progress, name: str, message: str) -> None:
    manifest.forget(name)
    report.failed.append(message)
    progress.advance(name, "failed")


def _check_citation_style(env, config: Config) -> None:
    diagnostics = Diagnostics()
    for style in config.styles:
        try:
            env.get_template(f"citation/{style}.html")
        except Exception:
            styles = sorted(n.split("/")[1].removesuffix(".html") for n in env.list_templates()
                            if n.startswith("citation/"))
            where = Location(config.path or "briefgen.toml")
            diagnostics.error(where, f"unknown citation style {style!r}; available: {', '.join(styles)}")
    if diagnostics.has_errors:
        raise ContentError(diagnostics)


def _write_static(options: BuildOptions, sheets: list[Path], report: BuildReport) -> None:
    """Write the stylesheet, the assets it uses and the logo that HTML pages link to, when they changed."""
    stylesheet, assets = page_stylesheet(sheets, options.root)
    files = {options.out / STYLESHEET_NAME: stylesheet}
    files.update((options.out / name, data) for name, data in assets.items())
    if options.config.logo is not None:
        files[options.out / ASSETS_DIR / options.config.logo.name] = read_input(options.config.logo)
    for path, data in files.items():
        if not holds(path, data):
            write_atomic(path, data)
            report.written.append(path)


def _screen_assets(options: BuildOptions, project: Project) -> Assets:
    """The URLs an HTML page uses for the stylesheet, the logo and other documents."""
    from briefgen.render.documents import Assets

    logo = f"../{ASSETS_DIR}/{options.config.logo.name}" if options.config.logo is not None else ""
    links = {theme_id: f"../themes/{theme_id}.html" for theme_id in project.themes}
    editions = {f"{kind}/{doc_id}": f"../{kind}/{doc_id}.html" for kind, ids in project.ids.items() for doc_id in ids}
    return Assets((f"../{STYLESHEET_NAME}",), logo, links, editions)
