"""What the preview serves after a build: its documents, its errors, the language of its pages."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from briefgen.content.reader import SLUG, WEEK
from briefgen.errors import BuildError, ContentError
from briefgen.labels import DEFAULT_LANGUAGE, Catalogues

KINDS = {"themes": SLUG, "weekly": WEEK}  # the document kinds, and the ids each accepts

_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class PreviewDocument:
    """A document in the served build: ``kind`` is "themes" or "weekly"."""

    kind: str
    id: str
    title: str

    @property
    def href(self) -> str:
        """The address of the document's page."""
        return f"/{self.kind}/{self.id}.html"

    @property
    def pdf_href(self) -> str:
        """The address of the document's PDF, built when asked for."""
        return f"/{self.kind}/{self.id}.pdf"


@dataclass(frozen=True)
class BuildState:
    """What is being served after a build: the last good output, and the errors of this build.

    ``generation`` counts builds, failed ones included: a page served at an older
    generation is out of date. ``folder`` is None until a build has succeeded. ``lang`` is
    the project's language, which the preview's own words follow, from the project's
    ``labels`` (its catalogues).
    """

    generation: int = 0
    folder: Path | None = None
    documents: tuple[PreviewDocument, ...] = ()
    errors: tuple[str, ...] = ()
    lang: str = DEFAULT_LANGUAGE
    labels: Catalogues = Catalogues()

    @property
    def ok(self) -> bool:
        """Whether the last build succeeded."""
        return not self.errors


def error_lines(exc: Exception) -> list[str]:
    """A build failure as the command line prints it, one problem a line."""
    if isinstance(exc, ContentError):
        return [str(d) for d in exc.diagnostics.sorted()]
    if isinstance(exc, BuildError):
        return [f"error: {exc}"]
    return [f"error: {type(exc).__name__}: {exc}"]


def documents_in(folder: Path, written: Iterable[Path]) -> Iterable[PreviewDocument]:
    """The theme and weekly pages among the files a build wrote into ``folder``, with their titles."""
    for path in written:
        if path.suffix != ".html" or path.parent.name not in KINDS or path.parent.parent != folder:
            continue
        match = _TITLE.search(path.read_text("utf-8", errors="replace"))
        title = " ".join(html.unescape(match.group(1)).split()) if match else ""
        yield PreviewDocument(path.parent.name, path.stem, title or path.stem)
