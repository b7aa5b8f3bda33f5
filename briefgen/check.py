"""``briefgen check``: load, validate and lint the content; never renders, never imports WeasyPrint."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from briefgen.config import Config
from briefgen.errors import Diagnostic, Diagnostics
from briefgen.lint import lint
from briefgen.model import Project
from briefgen.project import Selection, load_project


@dataclass(frozen=True)
class CheckReport:
    project: Project
    warnings: Diagnostics


def check(root: Path, selection: Selection, config: Config, as_of: dt.date | None = None) -> CheckReport:
    """Load, validate and lint without writing anything.

    Raises ``ContentError`` with every error; returns the project and its warnings otherwise.
    """
    project = load_project(root, selection)
    return CheckReport(project, lint(project, as_of, config.stale_after_weeks))


def as_json(diagnostics: list[Diagnostic]) -> str:
    """Diagnostics as a JSON array for tools: path, line, column, severity, message."""
    return json.dumps([
        {"path": d.location.path, "line": d.location.line, "column": d.location.col,
         "severity": d.severity.value, "message": d.message}
        for d in diagnostics
    ], ensure_ascii=False, indent=2)
