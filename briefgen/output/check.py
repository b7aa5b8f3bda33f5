"""``briefgen check``: load, validate and lint the content, and check its images; never renders
a document, never imports WeasyPrint."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from briefgen.content.clearance import clearance_problems
from briefgen.content.config import Config
from briefgen.content.lint import lint
from briefgen.content.model import Project, texts_in
from briefgen.content.project import Selection, load_project
from briefgen.errors import BuildError, ContentError, Diagnostic, Diagnostics, LocatedError


@dataclass(frozen=True)
class CheckReport:
    project: Project
    warnings: Diagnostics


def check(root: Path, selection: Selection, config: Config, as_of: dt.date | None = None,
          release: bool = False) -> CheckReport:
    """Load, validate and lint without writing anything; ``release``: every brief checked
    must be cleared for release.

    Raises ``ContentError`` with every error; returns the project and its warnings otherwise.
    """
    project = load_project(root, selection, config)
    _check_rendering(project, root)
    cleared = Diagnostics()
    clearance_problems(project, cleared, release)
    if cleared.has_errors:
        raise ContentError(cleared)
    return CheckReport(project, lint(project, as_of, config.stale_after_weeks, config.require_grades,
                                     config.yardstick))


def _check_rendering(project: Project, root: Path) -> None:
    """Raise ``ContentError`` for every text a build would refuse: an image that is missing,
    outside ``assets/`` or undescribed, a link the address policy refuses, a citation that
    is not in the text. Every text is rendered exactly as the build renders it (the
    sanitiser may make an image of what does not look like one: ``<image src=…>``)."""
    from briefgen.render import markdown

    diagnostics = Diagnostics()
    for text in texts_in(project):
        try:
            markdown.render(text, "en", root)  # none of this depends on the language
        except LocatedError as exc:
            diagnostics.error(exc.location, exc.message)
        except BuildError as exc:
            diagnostics.error(text.location, str(exc).removeprefix(f"{text.location}: "))
    if diagnostics.has_errors:
        raise ContentError(diagnostics)


def as_json(diagnostics: list[Diagnostic]) -> str:
    """Diagnostics as a JSON array for tools: path, line, column, severity, message."""
    return json.dumps([
        {"path": d.location.path, "line": d.location.line, "column": d.location.col,
         "severity": d.severity.value, "message": d.message}
        for d in diagnostics
    ], ensure_ascii=False, indent=2)
