"""The pipeline: load → validate → resolve → render → write, for the documents asked for."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefgen.documents import Document, Medium, documents, render_html
from briefgen.errors import BuildError
from briefgen.model import Project
from briefgen.output import remove_leftovers, write_atomic
from briefgen.project import Selection, load_project
from briefgen.resources import builtin_dir, builtin_stylesheet
from briefgen.templating import make_environment

FORMATS = ("html", "pdf")
STYLESHEET_NAME = "style.css"


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path
    formats: tuple[str, ...] = FORMATS
    templates: Path | None = None  # the project's templates (default: <root>/templates)
    css: Path | None = None        # the project's stylesheet (default: <root>/style.css)


@dataclass
class BuildReport:
    """What a build produced."""

    written: list[Path] = field(default_factory=list)


def check(root: Path, selection: Selection) -> Project:
    """Load and validate; raises ``ContentError`` listing every problem."""
    return load_project(root, selection)


def build(options: BuildOptions, selection: Selection) -> BuildReport:
    """Validate everything first, then render and write each selected document.

    Content errors raise ``ContentError`` before anything is written.
    """
    project = load_project(options.root, selection)
    env = make_environment(options.templates or options.root / "templates")
    stylesheets = _stylesheets(options)
    report = BuildReport()
    remove_leftovers(options.out)
    if "html" in options.formats:
        css_path = options.out / STYLESHEET_NAME
        write_atomic(css_path, _joined_css(stylesheets))
        report.written.append(css_path)
    for document in documents(project, selection):
        report.written.extend(_build_document(env, project, document, options, stylesheets))
    return report


def _build_document(env, project: Project, document: Document, options: BuildOptions,
                    stylesheets: list[Path]) -> list[Path]:
    written = []
    target = options.out / document.output_stem
    if "html" in options.formats:
        html = render_html(env, project, document, Medium.SCREEN, [f"../{STYLESHEET_NAME}"])
        write_atomic(target.with_suffix(".html"), html.encode("utf-8"))
        written.append(target.with_suffix(".html"))
    if "pdf" in options.formats:
        from briefgen.pdf import render_pdf

        html = render_html(env, project, document, Medium.PRINT, [])
        allowed = [options.root, builtin_dir()]
        try:
            data = render_pdf(html, stylesheets, options.root, allowed)
        except BuildError as exc:
            raise BuildError(f"{document.source_path}: {exc}") from None
        write_atomic(target.with_suffix(".pdf"), data)
        written.append(target.with_suffix(".pdf"))
    return written


def _stylesheets(options: BuildOptions) -> list[Path]:
    """The cascade: the built-in stylesheet, then the project's own when it differs."""
    builtin = builtin_stylesheet()
    project_css = options.css or options.root / STYLESHEET_NAME
    sheets = [builtin]
    if project_css.is_file() and project_css.resolve() != builtin.resolve():
        if project_css.read_bytes() != builtin.read_bytes():
            sheets.append(project_css)
    elif options.css is not None and not project_css.is_file():
        raise BuildError(f"{options.css}: no such stylesheet")
    return sheets


def _joined_css(stylesheets: list[Path]) -> bytes:
    return b"\n".join(path.read_bytes() for path in stylesheets)
