"""The pipeline: load → validate → resolve → render → write, for the documents asked for."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefgen.config import Config
from briefgen.documents import Assets, Document, Medium, documents, render_html
from briefgen.errors import BuildError, ContentError, Diagnostics, Location
from briefgen.csl import csl_yaml
from briefgen.model import Project
from briefgen.output import remove_leftovers, write_atomic
from briefgen.project import Selection, load_project
from briefgen.resources import builtin_dir, builtin_stylesheet
from briefgen.templating import make_environment

FORMATS = ("html", "pdf")
STYLESHEET_NAME = "style.css"
ASSETS_DIR = "assets"


@dataclass(frozen=True)
class BuildOptions:
    """What to build and where; command-line choices override the project's config."""

    root: Path
    out: Path
    formats: tuple[str, ...] = FORMATS
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
    """What a build produced."""

    written: list[Path] = field(default_factory=list)


def stylesheets(options: BuildOptions) -> list[Path]:
    """The cascade, in order: built-in, the project's style.css, then the config's extra CSS."""
    builtin = builtin_stylesheet()
    project_css = options.css or options.root / STYLESHEET_NAME
    if options.css is not None and not options.css.is_file():
        raise BuildError(f"{options.css}: no such stylesheet")
    sheets = [builtin]
    if project_css.is_file() and project_css.resolve() != builtin.resolve():
        sheets.append(project_css)
    sheets.extend(options.config.extra_css)
    return sheets


def page_size_css(options: BuildOptions) -> str:
    """The print stylesheet that sets the page size chosen by config or ``--page-size``."""
    return f"@page {{ size: {options.effective_page_size}; }}\n"


def build(options: BuildOptions, selection: Selection) -> BuildReport:
    """Validate everything first, then render and write each selected document.

    Content errors raise ``ContentError`` before anything is written.
    """
    project = load_project(options.root, selection)
    env = make_environment(options.template_dir)
    _check_citation_style(env, options.config)
    sheets = stylesheets(options)
    report = BuildReport()
    remove_leftovers(options.out)
    screen = Assets()
    if "html" in options.formats:
        screen = _write_screen_assets(options, sheets, report, project)
    for document in documents(project, selection, options.config):
        report.written.extend(_build_document(env, project, document, options, sheets, screen))
    return report


def _check_citation_style(env, config: Config) -> None:
    name = f"citation/{config.citation_style}.html"
    try:
        env.get_template(name)
    except Exception:
        styles = sorted(n.split("/")[1].removesuffix(".html") for n in env.list_templates()
                        if n.startswith("citation/"))
        diagnostics = Diagnostics()
        where = Location(config.path or "briefgen.toml")
        diagnostics.error(where, f"unknown citation style {config.citation_style!r}; available: {', '.join(styles)}")
        raise ContentError(diagnostics) from None


def _write_screen_assets(options: BuildOptions, sheets: list[Path], report: BuildReport, project) -> Assets:
    """Write the stylesheet (and logo) the HTML pages link to; returns their URLs from a page."""
    css_path = options.out / STYLESHEET_NAME
    write_atomic(css_path, b"\n".join(path.read_bytes() for path in sheets))
    report.written.append(css_path)
    logo = ""
    if options.config.logo is not None:
        target = options.out / ASSETS_DIR / options.config.logo.name
        write_atomic(target, options.config.logo.read_bytes())
        report.written.append(target)
        logo = f"../{ASSETS_DIR}/{options.config.logo.name}"
    links = {theme_id: f"../themes/{theme_id}.html" for theme_id in project.themes}
    return Assets((f"../{STYLESHEET_NAME}",), logo, links)


def _build_document(env, project: Project, document: Document, options: BuildOptions,
                    sheets: list[Path], screen: Assets) -> list[Path]:
    written = []
    target = options.out / document.output_stem
    if "html" in options.formats:
        rendered = render_html(env, project, options.config, document, Medium.SCREEN, screen)
        write_atomic(target.with_suffix(".html"), rendered.html.encode("utf-8"))
        written.append(target.with_suffix(".html"))
    if "pdf" in options.formats:
        from briefgen.pdf import PdfOptions, render_pdf

        logo = options.config.logo.as_uri() if options.config.logo else ""
        rendered = render_html(env, project, options.config, document, Medium.PRINT, Assets(logo=logo))
        pdf_options = PdfOptions(
            stylesheets=sheets,
            extra_css=page_size_css(options),
            base_dir=options.root,
            allowed=[options.root, builtin_dir()],
            archival=options.pdf_archival,
            attachments=provenance(project, document, rendered.cited),
            date=_document_date(project, document),
        )
        try:
            data = render_pdf(rendered.html, pdf_options)
        except BuildError as exc:
            raise BuildError(f"{document.source_path}: {exc}") from None
        write_atomic(target.with_suffix(".pdf"), data)
        written.append(target.with_suffix(".pdf"))
    return written


def provenance(project: Project, document: Document, cited: tuple[str, ...]) -> list[tuple[str, bytes, str]]:
    """What a PDF carries about its making: its YAML, the themes it uses, the sources it cites."""
    root = Path(project.root)
    files = [document.source_path]
    if document.kind == "weekly":
        files.extend(project.themes[ref.id].path for ref in project.weekly[document.id].themes)
    attachments = [(path.replace("/", "_").removeprefix("briefs_"), (root / path).read_bytes(),
                    f"briefgen source file {path}") for path in dict.fromkeys(files)]
    bibliography = csl_yaml([project.sources[key] for key in cited])
    attachments.append(("cited-sources.yaml", bibliography.encode("utf-8"),
                        "The sources this document cites (CSL-YAML)"))
    return attachments


def _document_date(project: Project, document: Document):
    if document.kind == "weekly":
        return project.weekly[document.id].date
    updated = project.themes[document.id].updated
    return updated.as_date() if updated is not None and updated.is_full else None
