"""What a PDF carries about its making: the YAML it was made from and the sources it cites,
each as published (without the team's internal fields), and the date it gives as its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.content.model import Project
from briefgen.errors import BuildError, Diagnostics

if TYPE_CHECKING:
    from briefgen.render.documents import Document


def provenance(project: Project, document: Document, cited: tuple[str, ...]) -> list[tuple[str, bytes, str]]:
    """What a PDF carries about its making: its YAML, the themes it uses and the sources it
    cites — each without the team's internal fields and comments (``content.public``)."""
    from briefgen.content.csl import csl_yaml
    from briefgen.content.load import load_file
    from briefgen.content.public import public_yaml

    root = Path(project.root)
    files = {document.source_path: document.kind}
    if document.kind == "weekly":
        files.update((project.themes[ref.id].path, "themes") for ref in project.weekly[document.id].themes)
    attachments = []
    for path, kind in files.items():
        loaded = load_file(root / path, path, Diagnostics())
        if loaded is None:
            raise BuildError(f"{path}: changed or removed while the build ran")
        attachments.append((path.replace("/", "_").removeprefix("briefs_"), public_yaml(loaded, kind).encode("utf-8"),
                            f"briefgen source file {path}, as published"))
    bibliography = csl_yaml([project.sources[key] for key in cited])
    attachments.append(("cited-sources.yaml", bibliography.encode("utf-8"),
                        "The sources this document cites (CSL-YAML)"))
    return attachments


def document_date(project: Project, document: Document) -> dt.date | None:
    """The date a PDF gives as its own: a brief's date, a theme's last review when it is a day."""
    if document.kind == "weekly":
        return project.weekly[document.id].date
    updated = project.themes[document.id].updated
    return updated.as_date() if updated is not None and updated.is_full else None
